import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { ConfiguratorTestBed } from './configurator-test-bed';

const run = promisify(execFile);

/**
 * The configurator end to end: requests through RabbitMQ, the service as its own process, SSH to a real sshd on
 * loopback whose "VM" is this machine. Every task writes only inside a temporary directory; packages, users and
 * services are exercised in check mode only, so the machine is left as it was.
 */
describe('configurator (RabbitMQ → configurator process → SSH → this machine)', () => {
  const bed = new ConfiguratorTestBed();
  const work = mkdtempSync(join(tmpdir(), 'cfn-configured-'));

  beforeAll(async () => {
    await bed.start();
  }, 120_000);

  afterAll(async () => {
    await bed.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const cfnInit = () => ({
    'AWS::CloudFormation::Init': {
      configSets: { default: ['setup', { ConfigSet: 'app' }], app: ['app'] },
      setup: {
        files: {
          [`${work}/cfn/app.conf`]: {
            content: 'cluster={{cluster}}\nport={{port}}\n',
            context: { cluster: 'alpha', port: 8080 },
            mode: '000640',
            owner: 'nobody',
            group: 'nogroup',
          },
          [`${work}/cfn/verbatim.txt`]: { content: 'kept {{as written}}\n' },
        },
      },
      app: {
        commands: {
          '20_second': { command: `echo second >> ${work}/cfn/order`, test: `! grep -q second ${work}/cfn/order` },
          '10_first': { command: `echo first >> ${work}/cfn/order`, test: `test ! -e ${work}/cfn/order` },
        },
      },
    },
  });

  it('applies AWS::CloudFormation::Init: files with content, owner and mode, commands in name order', async () => {
    const { routingKey, outcome, progress } = await bed.configure(bed.request(cfnInit()));
    expect(routingKey).toBe('resource.configure.succeeded.v1');
    expect(outcome).toMatchObject({
      stackId: bed.stackId,
      logicalId: 'Member1',
      checkMode: false,
      summary: { changed: 4, failed: 0 },
    });
    expect(readFileSync(`${work}/cfn/app.conf`, 'utf8')).toBe('cluster=alpha\nport=8080\n');
    const stat = statSync(`${work}/cfn/app.conf`);
    expect([stat.mode & 0o777, stat.uid, stat.gid]).toEqual([0o640, 65534, 65534]);
    expect(readFileSync(`${work}/cfn/verbatim.txt`, 'utf8')).toBe('kept {{as written}}\n');
    expect(readFileSync(`${work}/cfn/order`, 'utf8')).toBe('first\nsecond\n');
    expect(progress.map((event) => [event.task, event.result, event.host])).toEqual([
      [`setup: file ${work}/cfn/app.conf`, 'changed', '127.0.0.1'],
      [`setup: file ${work}/cfn/verbatim.txt`, 'changed', '127.0.0.1'],
      ['app: command 10_first', 'changed', '127.0.0.1'],
      ['app: command 20_second', 'changed', '127.0.0.1'],
    ]);
  });

  it('changes nothing when the same configuration runs again', async () => {
    const { routingKey, outcome } = await bed.configure(bed.request(cfnInit()));
    expect(routingKey).toBe('resource.configure.succeeded.v1');
    expect(outcome.summary).toEqual({ ok: 4, changed: 0, failed: 0, skipped: 0 });
    expect(readFileSync(`${work}/cfn/order`, 'utf8')).toBe('first\nsecond\n');
  });

  const taskList = () => ({
    'CloudStack::Configure': {
      vars: { work_dir: work },
      roles: ['cluster-member'],
      tasks: [
        {
          name: 'members file',
          copy: { dest: `${work}/members.txt`, content: '{% for m in groups.members %}{{ m.address }}\n{% endfor %}' },
        },
        {
          name: 'use the secret',
          shell: 'printf "%s" "{{ parameters.DbPassword }}" | wc -c; echo "password is {{ parameters.DbPassword }}"',
          changed_when: false,
        },
      ],
    },
  });

  it('runs a task list with a role: group facts in templates, loops, guards and handlers', async () => {
    writeFileSync(`${work}/settings.env`, 'MODE=cluster\nCLUSTER=old\n');
    const { routingKey, outcome, progress } = await bed.configure(bed.request(taskList()));
    expect(routingKey).toBe('resource.configure.succeeded.v1');
    expect(outcome.summary).toMatchObject({ failed: 0 });
    expect(readFileSync(`${work}/cluster.cfg`, 'utf8')).toBe(
      [
        `# ${bed.stackName}: member 1 of group members`,
        'clientPort=2181',
        'server.1=10.20.0.11:2888:3888',
        'server.2=10.20.0.12:2888:3888',
        'server.3=10.20.0.13:2888:3888',
        '',
      ].join('\n'),
    );
    expect(statSync(`${work}/cluster.cfg`).uid).toBe(65534);
    expect(readFileSync(`${work}/myid`, 'utf8')).toBe('2\n');
    expect(readFileSync(`${work}/members.txt`, 'utf8')).toBe('10.20.0.11\n10.20.0.12\n10.20.0.13\n');
    expect(statSync(`${work}/data/logs`).isDirectory()).toBe(true);
    expect(readFileSync(`${work}/settings.env`, 'utf8')).toBe('MODE=cluster\nCLUSTER=alpha\n');
    expect(readFileSync(`${work}/initialised`, 'utf8')).toBe('initialised Member1\n');
    expect(readFileSync(`${work}/reloads.log`, 'utf8')).toBe('reloaded\n');
    expect(progress.map((event) => event.task)).toEqual([
      'cluster configuration for Member1',
      "this member's id",
      "logging configuration from the role's files",
      'data directories',
      'one-time initialisation',
      'setting in an existing file',
      'members file',
      'use the secret',
      'reload cluster',
    ]);
  });

  it('reports no change on the second run, and the handler stays quiet', async () => {
    const { outcome, progress } = await bed.configure(bed.request(taskList()));
    expect(outcome.summary).toEqual({ ok: 8, changed: 0, failed: 0, skipped: 0 });
    expect(progress.map((event) => event.result)).not.toContain('changed');
    expect(readFileSync(`${work}/reloads.log`, 'utf8')).toBe('reloaded\n');
  });

  it('keeps each task output in MySQL with secrets masked, and never lets them out', async () => {
    const request = bed.request(taskList());
    await bed.configure(request);
    const rows = await bed.query<{ seq: number; task_name: string; result: string; output: string }>(
      'SELECT seq, task_name, result, output FROM configuration_task_results WHERE operation_id = ? ORDER BY seq',
      [request.operationId],
    );
    expect(rows).toHaveLength(8);
    const secretTask = rows.find((row) => row.task_name === 'use the secret')!;
    expect(secretTask.output).toBe('17\npassword is ****');
    const [runRow] = await bed.query<{ status: string; summary: string }>(
      'SELECT status, summary FROM configuration_runs WHERE operation_id = ?',
      [request.operationId],
    );
    expect(runRow.status).toBe('SUCCEEDED');
    const everything =
      JSON.stringify(await bed.query('SELECT * FROM configuration_task_results')) +
      bed.logs.join('\n') +
      JSON.stringify(await bed.query('SELECT * FROM configuration_runs'));
    expect(everything).not.toContain('Zebra-Quartz-4471');
    expect(everything).not.toContain(bed.masterSecret);
  });

  it('fails the resource on a failing task, with the task, the host and the end of its output', async () => {
    const { routingKey, outcome, progress } = await bed.configure(
      bed.request({
        'CloudStack::Configure': {
          tasks: [
            { name: 'fine', copy: { dest: `${work}/before-failure`, content: 'x' } },
            {
              name: 'compile the thing',
              shell:
                'echo "checking dependencies"; echo "fatal: libzk missing ({{ parameters.DbPassword }})" >&2; exit 2',
            },
            { name: 'never reached', copy: { dest: `${work}/after-failure`, content: 'x' } },
          ],
        },
      }),
    );
    expect(routingKey).toBe('resource.configure.failed.v1');
    const reason = (outcome as { reason: string }).reason;
    expect(reason).toContain('Configuration task "compile the thing" failed on 127.0.0.1: non-zero exit status 2');
    expect(reason).toContain('fatal: libzk missing (****)');
    expect(outcome.summary).toEqual({ ok: 0, changed: 1, failed: 1, skipped: 0 });
    expect(progress.map((event) => event.result)).toEqual(['changed', 'failed']);
    expect(() => statSync(`${work}/after-failure`)).toThrow();
  });

  it('in check mode reports what would change, packages, users and services included, and changes nothing', async () => {
    writeFileSync(`${work}/members.txt`, 'edited by hand\n');
    const { routingKey, outcome, progress } = await bed.configure(
      bed.request(
        {
          'CloudStack::Configure': {
            vars: { work_dir: work },
            roles: ['cluster-member'],
            tasks: [
              {
                name: 'members file',
                copy: {
                  dest: `${work}/members.txt`,
                  content: '{% for m in groups.members %}{{ m.address }}\n{% endfor %}',
                },
              },
              { name: 'a package', package: { name: 'cfn-e2e-no-such-package' } },
              { name: 'a user', user: { name: 'cfn-e2e-user', groups: ['nogroup'] } },
              { name: 'a group', group: { name: 'cfn-e2e-group' } },
              { name: 'a service', service: { name: 'cfn-e2e-no-such-service', state: 'started', enabled: true } },
              { name: 'a command', shell: `touch ${work}/check-mode-ran` },
              { name: 'a port', wait_for: { port: 1, timeout: 600 } },
            ],
          },
        },
        { checkMode: true },
      ),
    );
    expect(routingKey).toBe('resource.configure.succeeded.v1');
    expect(outcome).toMatchObject({ checkMode: true, summary: { changed: 6, failed: 0, skipped: 1 } });
    expect(Object.fromEntries(progress.map((event) => [event.task, event.result]))).toMatchObject({
      'members file': 'changed',
      'a package': 'changed',
      'a user': 'changed',
      'a group': 'changed',
      'a service': 'changed',
      'a command': 'changed',
      'a port': 'skipped',
      'cluster configuration for Member1': 'ok',
    });
    expect(readFileSync(`${work}/members.txt`, 'utf8')).toBe('edited by hand\n');
    expect(() => statSync(`${work}/check-mode-ran`)).toThrow();
    await expect(run('getent', ['passwd', 'cfn-e2e-user'])).rejects.toThrow();
  });

  it('answers a redelivered request with the first outcome, without running it again', async () => {
    const request = bed.request(cfnInit());
    await bed.configure(request);
    const tasksBefore = bed.progressOf(request.operationId).length;
    bed.publish(request);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await (async () => {
      for (let waited = 0; bed.outcomesOf(request.operationId).length < 2 && waited < 20_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const outcomes = bed.outcomesOf(request.operationId);
    expect(outcomes).toHaveLength(2);
    expect(outcomes[1].body).toEqual(outcomes[0].body);
    expect(bed.progressOf(request.operationId)).toHaveLength(tasksBefore);
  });

  it("records the host key on first contact, and writes the stack's Ansible inventory", async () => {
    const keys = await bed.query<{ host_id: string; fingerprint: string; port: number }>(
      'SELECT host_id, fingerprint, port FROM configuration_host_keys',
    );
    expect(keys).toEqual([{ host_id: 'vm-member-1', fingerprint: bed.sshd.hostKeyFingerprint, port: bed.sshd.port }]);
    const out = mkdtempSync(join(tmpdir(), 'cfn-inventory-'));
    try {
      const { stdout } = await run(
        process.execPath,
        [
          join(bed.distRoot, 'apps/configurator/src/inventory.cli.js'),
          bed.stackName,
          '--format',
          'ini',
          '--key-file',
          join(out, 'id'),
          '--known-hosts-file',
          join(out, 'known_hosts'),
        ],
        { env: bed.env },
      );
      expect(stdout).toContain(`Member1 ansible_host=127.0.0.1 ansible_port=${bed.sshd.port} ansible_user=root`);
      expect(stdout).toContain('[members]\nMember0\nMember1\nMember2\n');
      expect(readFileSync(join(out, 'known_hosts'), 'utf8')).toMatch(
        new RegExp(`^\\[127\\.0\\.0\\.1\\]:${bed.sshd.port} ssh-ed25519 `),
      );
      // The inventory's key and known_hosts work with OpenSSH itself, as Ansible would use them.
      const { stdout: hostname } = await run('ssh', [
        '-i',
        join(out, 'id'),
        '-o',
        `UserKnownHostsFile=${join(out, 'known_hosts')}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        'BatchMode=yes',
        '-p',
        String(bed.sshd.port),
        'root@127.0.0.1',
        'echo reached',
      ]);
      expect(hostname.trim()).toBe('reached');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
