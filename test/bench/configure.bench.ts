import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { stringify } from 'yaml';

import { startSimulator } from '../../apps/cloudstack-simulator/src/start-simulator';
import { CloudStackClient } from '../../libs/cloudstack/src';
import { configureHostsWithEngine, EngineHost } from '../configuration/engine-over-ssh';
import { createGuestKey, GuestKey, sshRun, sshWhenReady } from '../support/guest-ssh';

const run = promisify(execFile);

/**
 * `npm run bench:configure`: the same work (write 5 files, run 3 commands, ensure 1 service) on BENCH_VMS (default
 * 20) simulator VMs, done by our configurator's engine (HostConfigurator over pooled SSH connections, every host at
 * once) and by Debian's `ansible-playbook` with forks=20 (pipelining, ControlPersist, no fact gathering, the
 * interpreter given: Ansible's fastest ordinary settings). Each tool works on its own files and service, so both
 * really change things; then each runs again on the unchanged hosts. Prints the wall times and ratios.
 * Target: ours <= half of Ansible's. Needs root (real VMs) and `apt-get install ansible`.
 */
type Tool = 'ours' | 'ansible';

/** A sysvinit script (the VMs have no systemd): a sleeping daemon with a pid file. */
function initScript(name: string): string {
  return `#!/bin/sh
### BEGIN INIT INFO
# Provides:          ${name}
# Required-Start:
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: benchmark daemon
### END INIT INFO
PIDFILE=/run/${name}.pid
case "$1" in
  start) start-stop-daemon --start --quiet --oknodo --background --make-pidfile --pidfile $PIDFILE --exec /bin/sleep -- 86400 ;;
  stop) start-stop-daemon --stop --quiet --oknodo --pidfile $PIDFILE --remove-pidfile ;;
  status) start-stop-daemon --status --pidfile $PIDFILE ;;
  restart|force-reload) "$0" stop; "$0" start ;;
  *) echo "Usage: $0 {start|stop|status|restart}"; exit 3 ;;
esac
`;
}

/** The work as a task list both tools read (the same modules and arguments). */
function tasks(tool: Tool): Array<Record<string, unknown>> {
  const service = `cfn-bench-${tool}`;
  const files = Array.from({ length: 4 }, (_, i) => ({
    name: `file ${i + 1}`,
    copy: {
      dest: `/etc/${service}-${i + 1}.conf`,
      content: `# written by ${tool}\n${`setting_${i} = ${'x'.repeat(60)}\n`.repeat(20)}`,
      mode: '0644',
    },
  }));
  return [
    ...files,
    { name: 'init script', copy: { dest: `/etc/init.d/${service}`, content: initScript(service), mode: '0755' } },
    { name: 'command 1', command: 'uname -a' },
    { name: 'command 2', command: `touch /var/tmp/${service}.stamp` },
    { name: 'command 3', command: `cat /etc/${service}-1.conf` },
    { name: 'service', service: { name: service, state: 'started' } },
  ];
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function runOurs(hosts: EngineHost[], key: GuestKey): Promise<string> {
  const summaries = await configureHostsWithEngine(hosts, {
    privateKey: await readFile(key.privateKeyFile, 'utf8'),
    metadata: { 'CloudStack::Configure': { tasks: tasks('ours') } },
    stack: { id: randomUUID(), name: 'bench' },
    group: 'bench',
    timeoutMs: 300_000,
  });
  const failed = summaries.find((s) => s.failure);
  if (failed) throw new Error(`our configurator failed: ${JSON.stringify(failed.failure)}`);
  return `changed ${summaries.reduce((n, s) => n + s.changed, 0)}, ok ${summaries.reduce((n, s) => n + s.ok, 0)}`;
}

/** Ansible's settings for speed: what an operator tuning it would choose. */
async function ansibleProject(dir: string, hosts: EngineHost[], key: GuestKey): Promise<NodeJS.ProcessEnv> {
  await writeFile(
    join(dir, 'ansible.cfg'),
    [
      '[defaults]',
      'forks = 20',
      'host_key_checking = False',
      'interpreter_python = /usr/bin/python3',
      'gathering = explicit',
      'retry_files_enabled = False',
      'nocolor = True',
      '[ssh_connection]',
      'pipelining = True',
      'ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=/dev/null',
      `control_path_dir = ${join(dir, 'cp')}`,
      '',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'inventory.ini'),
    [
      '[bench]',
      ...hosts.map(
        (h) =>
          `${h.logicalId} ansible_host=${h.address} ansible_user=root ansible_ssh_private_key_file=${key.privateKeyFile}`,
      ),
      '',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'playbook.yaml'),
    stringify([{ hosts: 'bench', gather_facts: false, tasks: tasks('ansible') }]),
  );
  return { ...process.env, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_HOME: join(dir, 'home') };
}

async function runAnsible(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await run(
    '/usr/bin/ansible-playbook',
    ['-i', join(dir, 'inventory.ini'), join(dir, 'playbook.yaml')],
    { env, cwd: dir, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
  );
  const recap = stdout.slice(stdout.indexOf('PLAY RECAP'));
  const sum = (field: string) =>
    [...recap.matchAll(new RegExp(`${field}=(\\d+)`, 'g'))].reduce((n, m) => n + Number(m[1]), 0);
  if (sum('failed') + sum('unreachable') > 0) throw new Error(`ansible-playbook failed:\n${stdout}`);
  // Ansible's recap counts changed tasks as ok too.
  return `changed ${sum('changed')}, ok ${sum('ok') - sum('changed')}`;
}

async function checkOutcome(hosts: EngineHost[], key: GuestKey): Promise<void> {
  for (const tool of ['ours', 'ansible'] as Tool[]) {
    const status = await sshRun(
      hosts[hosts.length - 1].address,
      key,
      `service cfn-bench-${tool} status && md5sum /etc/cfn-bench-${tool}-4.conf`,
    );
    if (!status.includes(`/etc/cfn-bench-${tool}-4.conf`)) throw new Error(`${tool} left no file 4: ${status}`);
  }
}

async function main() {
  const count = Number(process.env.BENCH_VMS ?? 20);
  const bridge = `cfnc${randomBytes(4).toString('hex')}`;
  const guestCidr = `10.${100 + (randomBytes(1)[0] % 150)}.${randomBytes(1)[0]}.0/24`;
  const key = await createGuestKey();
  const dir = await mkdtemp(join(tmpdir(), 'cfn-bench-configure-'));
  const sim = await startSimulator({ realVms: 'on', bridgeName: bridge, guestCidr, logger: false });
  try {
    const cloud = new CloudStackClient({
      apiUrl: sim.apiUrl,
      apiKey: sim.apiKey,
      secretKey: sim.secretKey,
      pollIntervalMs: 50,
      maxPollIntervalMs: 100,
    });
    const [zone] = (await cloud.request('listZones')).zone;
    const [template] = (await cloud.request('listTemplates', { templatefilter: 'featured' })).template;
    const [offering] = (await cloud.request('listServiceOfferings', { name: 'Small Instance' })).serviceoffering;
    await cloud.request('registerSSHKeyPair', { name: 'bench', publickey: key.publicKey });
    const securitygroupids = (await cloud.request('createSecurityGroup', { name: 'bench-ssh' })).securitygroup.id;
    await cloud.executeAsync('authorizeSecurityGroupIngress', {
      securitygroupid: securitygroupids,
      protocol: 'tcp',
      startport: 22,
      endport: 22,
      cidrlist: '0.0.0.0/0',
    });
    const ids = {
      zoneid: zone.id,
      templateid: template.id,
      serviceofferingid: offering.id,
      securitygroupids,
      keypair: 'bench',
    };
    const vms = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const { result } = await cloud.executeAsync('deployVirtualMachine', { ...ids, name: `bench-${i + 1}` });
        const address = result.virtualmachine.nic[0].ipaddress as string;
        await sshWhenReady(address, key, 'true', 60_000);
        return { id: result.virtualmachine.id as string, host: { logicalId: `vm${i + 1}`, address } };
      }),
    );
    const hosts = vms.map((vm) => vm.host);
    const env = await ansibleProject(dir, hosts, key);
    const version = (await run('/usr/bin/ansible-playbook', ['--version'], { env })).stdout.split('\n')[0];
    console.log(
      `${count} simulator VMs (bridge ${bridge}); ${version}; ${(await readFile('/proc/cpuinfo', 'utf8')).match(/^processor/gm)?.length} CPUs`,
    );
    console.log('work per VM: 5 files (copy), 3 commands (command), 1 service started (service)');

    const ours = await timed(() => runOurs(hosts, key));
    const ansible = await timed(() => runAnsible(dir, env));
    await checkOutcome(hosts, key);
    const ours2 = await timed(() => runOurs(hosts, key));
    const ansible2 = await timed(() => runAnsible(dir, env));
    const line = (label: string, a: { ms: number; result: string }, b: { ms: number; result: string }) =>
      console.log(
        `${label.padEnd(32)} ours ${(a.ms / 1000).toFixed(2)} s (${a.result}), ansible-playbook ${(b.ms / 1000).toFixed(2)} s ` +
          `(${b.result}); ratio ours/ansible ${(a.ms / b.ms).toFixed(2)}`,
      );
    line('first run (everything changes):', ours, ansible);
    line('second run (only commands change):', ours2, ansible2);
    console.log(
      `target: ours <= half of Ansible's time (ratio <= 0.50): ${ours.ms <= ansible.ms / 2 ? 'met' : 'NOT met'}`,
    );

    await Promise.all(vms.map((vm) => cloud.executeAsync('destroyVirtualMachine', { id: vm.id, expunge: true })));
  } finally {
    await sim.close();
    await key.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
