import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ConfigureFactsV1 } from '@cfn/contracts';
import { LocalCommandRunner } from '@cfn/ssh';

import { HostConfigurator } from './host-configurator';
import { TaskReport } from './play-runner';
import { PlaybookError } from './playbook/task-definition';
import { SecretMasker } from './secret-masker';
import { ModuleHarness } from './testing/module-harness';

describe('HostConfigurator (a whole play on this machine, inside a temporary directory)', () => {
  const harness = new ModuleHarness();
  const rolesDir = harness.path('roles');
  const dir = harness.dir;
  const facts: ConfigureFactsV1 = {
    parameters: { ClusterName: 'alpha', DbPassword: 'pa55word-xyz' },
    secrets: ['DbPassword'],
    resources: { Db: { physicalId: 'vm-9', attributes: { PrivateIp: '10.1.0.9' } } },
    groups: { zk: [0, 1, 2].map((index) => ({ logicalId: `Zk${index}`, index, address: `10.0.0.${10 + index}` })) },
    self: { logicalId: 'Zk1', index: 1, group: 'zk' },
  };
  const configurator = new HostConfigurator({
    rolesDir,
    taskTimeoutMs: 30_000,
    outputLimit: 10_000,
    download: async () => Buffer.from(''),
  });

  beforeAll(() => {
    const role = join(rolesDir, 'zookeeper');
    for (const part of ['tasks', 'handlers', 'defaults', 'templates', 'files'])
      mkdirSync(join(role, part), { recursive: true });
    writeFileSync(join(role, 'defaults/main.yaml'), 'zk_client_port: 2181\nzk_dir: /nonexistent\n');
    writeFileSync(
      join(role, 'tasks/main.yaml'),
      [
        '- name: zoo.cfg for {{ inventory_hostname }}',
        '  template: { src: zoo.cfg.j2, dest: "{{ zk_dir }}/zoo.cfg", mode: "0644" }',
        '  notify: restart zookeeper',
        '- name: myid',
        '  copy: { content: "{{ self.index + 1 }}\\n", dest: "{{ zk_dir }}/myid" }',
        '- name: static file',
        '  copy: { src: log4j.properties, dest: "{{ zk_dir }}/log4j.properties" }',
      ].join('\n'),
    );
    writeFileSync(
      join(role, 'handlers/main.yaml'),
      '- name: restart zookeeper\n  shell: echo restarted >> {{ zk_dir }}/restarts.log\n',
    );
    writeFileSync(
      join(role, 'templates/zoo.cfg.j2'),
      'clientPort={{ zk_client_port }}\n{% for m in groups.zk %}server.{{ m.index + 1 }}={{ m.address }}:2888:3888\n{% endfor %}',
    );
    writeFileSync(join(role, 'files/log4j.properties'), 'log4j.rootLogger=INFO\n');
  });
  afterAll(() => harness.cleanup());

  async function run(metadata: Record<string, unknown>, check = false) {
    const reports: TaskReport[] = [];
    const summary = await configurator.configure({
      runner: new LocalCommandRunner(),
      metadata,
      facts,
      stack: { id: 's-1', name: 'demo' },
      address: '10.0.0.11',
      check,
      deadline: Date.now() + 60_000,
      masker: SecretMasker.forParameters(facts.parameters, facts.secrets),
      reporter: {
        taskFinished: async (report) => {
          reports.push(report);
        },
      },
    });
    return { summary, reports };
  }

  const playWithRole = () => ({
    'CloudStack::Configure': {
      vars: { greeting: 'hello' },
      roles: [{ role: 'zookeeper', vars: { zk_dir: dir } }],
      tasks: [
        {
          name: 'members',
          copy: { dest: `${dir}/members`, content: '{{ groups.zk | map(attribute="address") | join(",") }}' },
        },
        { name: 'only on the first member', copy: { dest: `${dir}/leader`, content: 'x' }, when: 'self.index == 0' },
        {
          name: 'one file per item',
          copy: { dest: `${dir}/item-{{ item }}`, content: '{{ greeting }} {{ item }}' },
          loop: ['a', 'b'],
        },
        {
          name: 'probe',
          shell: 'echo {{ parameters.ClusterName }}',
          register: 'probe',
          changed_when: false,
          check_mode: false,
        },
        { name: 'use the registered value', copy: { dest: `${dir}/cluster`, content: '{{ probe.stdout }}' } },
      ],
    },
  });

  it('applies roles, templates with group facts, loops, when, register and handlers', async () => {
    const { summary, reports } = await run(playWithRole());
    expect(summary).toMatchObject({ failed: 0, failure: null });
    expect(readFileSync(join(dir, 'zoo.cfg'), 'utf8')).toBe(
      'clientPort=2181\nserver.1=10.0.0.10:2888:3888\nserver.2=10.0.0.11:2888:3888\nserver.3=10.0.0.12:2888:3888\n',
    );
    expect(readFileSync(join(dir, 'myid'), 'utf8')).toBe('2\n');
    expect(readFileSync(join(dir, 'log4j.properties'), 'utf8')).toBe('log4j.rootLogger=INFO\n');
    expect(readFileSync(join(dir, 'members'), 'utf8')).toBe('10.0.0.10,10.0.0.11,10.0.0.12');
    expect(existsSync(join(dir, 'leader'))).toBe(false);
    expect(readFileSync(join(dir, 'item-b'), 'utf8')).toBe('hello b');
    expect(readFileSync(join(dir, 'cluster'), 'utf8')).toBe('alpha');
    expect(readFileSync(join(dir, 'restarts.log'), 'utf8')).toBe('restarted\n');
    expect(reports.map((report) => [report.name, report.result])).toEqual([
      ['zoo.cfg for Zk1', 'changed'],
      ['myid', 'changed'],
      ['static file', 'changed'],
      ['members', 'changed'],
      ['only on the first member', 'skipped'],
      ['one file per item', 'changed'],
      ['probe', 'ok'],
      ['use the registered value', 'changed'],
      ['restart zookeeper', 'changed'],
    ]);
    expect(reports.map((report) => report.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('changes nothing the second time, and the handler does not run again', async () => {
    const { summary } = await run(playWithRole());
    expect(summary).toMatchObject({ changed: 0, failed: 0, skipped: 1 });
    expect(readFileSync(join(dir, 'restarts.log'), 'utf8')).toBe('restarted\n');
  });

  it('reports in check mode what would change, and changes nothing', async () => {
    writeFileSync(join(dir, 'members'), 'tampered');
    const { summary, reports } = await run(playWithRole(), true);
    expect(summary.changed).toBe(1);
    expect(reports.find((report) => report.name === 'members')).toMatchObject({
      result: 'changed',
      output: expect.stringContaining('content of'),
    });
    expect(readFileSync(join(dir, 'members'), 'utf8')).toBe('tampered');
  });

  it('stops at a failed task with its output, and masks secrets everywhere', async () => {
    const { summary, reports } = await run({
      'CloudStack::Configure': {
        tasks: [
          {
            name: 'connect with {{ parameters.DbPassword }}',
            shell: 'echo "using {{ parameters.DbPassword }}"; echo "connection refused" >&2; exit 3',
          },
          { name: 'never runs', shell: 'true' },
        ],
      },
    });
    expect(summary.failure).toMatchObject({
      task: 'connect with ****',
      message: expect.stringContaining('non-zero exit status 3'),
    });
    expect(summary.failure!.outputTail).toBe('using ****\nconnection refused');
    expect(reports).toHaveLength(1);
    expect(JSON.stringify(reports)).not.toContain('pa55word-xyz');
  });

  it('keeps going after an ignored failure, and hides no_log output', async () => {
    const { summary, reports } = await run({
      'CloudStack::Configure': {
        tasks: [
          { name: 'may fail', shell: 'exit 1', ignore_errors: true },
          { name: 'quiet', shell: 'echo top secret', no_log: true },
        ],
      },
    });
    expect(summary).toMatchObject({ failed: 1, changed: 1, failure: null });
    expect(reports[1].output).toBe('(output hidden: no_log)');
  });

  it("runs AWS::CloudFormation::Init files and commands in cfn-init's order, a command guarded by its test", async () => {
    const init = (content: string) => ({
      'AWS::CloudFormation::Init': {
        config: {
          files: { [`${dir}/cfn/app.conf`]: { content, mode: '000600', context: { name: 'demo' } } },
          commands: {
            '02_after': { command: `echo second >> ${dir}/cfn/order` },
            '01_first': { command: `echo first >> ${dir}/cfn/order`, test: `test ! -e ${dir}/cfn/order` },
          },
        },
      },
    });
    const first = await run(init('name={{name}}'));
    expect(first.summary).toMatchObject({ failed: 0, changed: 3 });
    expect(readFileSync(join(dir, 'cfn/app.conf'), 'utf8')).toBe('name=demo');
    expect(readFileSync(join(dir, 'cfn/order'), 'utf8')).toBe('first\nsecond\n');
  });

  it('refuses a play whose notify names no handler, before touching the host', async () => {
    await expect(
      configurator.plan({ 'CloudStack::Configure': { tasks: [{ shell: 'true', notify: 'nobody' }] } }),
    ).rejects.toThrow(PlaybookError);
  });
});
