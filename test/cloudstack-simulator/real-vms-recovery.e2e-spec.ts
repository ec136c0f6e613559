import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { hasEnded } from '../../deploy/service-processes';
import { CloudStackClient } from '../../libs/cloudstack/src';
import { freePort } from '../support/free-port';
import { waitUntil } from '../support/wait-until';

const run = promisify(execFile);
// npm test builds first; the simulator runs as its own process so that it can be killed like a crash.
const MAIN = join(__dirname, '../../dist/apps/cloudstack-simulator/src/main.js');
const STATE_DIR = '/var/lib/cfn-simulator';

interface SimulatorProcess {
  child: ChildProcess;
  output: () => string;
  cloud: CloudStackClient;
}

async function startSimulatorProcess(env: NodeJS.ProcessEnv, asUser?: number): Promise<SimulatorProcess> {
  const port = await freePort();
  const keys = { apiKey: `k-${randomBytes(6).toString('hex')}`, secretKey: `s-${randomBytes(12).toString('hex')}` };
  const command =
    asUser === undefined
      ? [process.execPath, MAIN]
      : ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', process.execPath, MAIN];
  const child = spawn(command[0], command.slice(1), {
    env: {
      ...process.env,
      ...env,
      SIM_PORT: String(port),
      SIM_HOST: '127.0.0.1',
      CLOUDSTACK_API_KEY: keys.apiKey,
      CLOUDSTACK_SECRET_KEY: keys.secretKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    `the simulator on port ${port}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`the simulator exited: ${output}`);
      return (await fetch(`${url}/simulator/health`)).ok;
    },
    60_000,
  );
  const quiet = { debug: () => undefined, warn: () => undefined };
  const cloud = new CloudStackClient({
    apiUrl: `${url}/client/api`,
    ...keys,
    pollIntervalMs: 100,
    maxPollIntervalMs: 200,
    logger: quiet,
  });
  return { child, output: () => output, cloud };
}

async function stop(sim: SimulatorProcess, signal: NodeJS.Signals): Promise<void> {
  if (hasEnded(sim.child)) return;
  const exited = new Promise((resolve) => sim.child.once('exit', resolve));
  sim.child.kill(signal);
  await exited;
}

async function deploy(cloud: CloudStackClient, name: string): Promise<{ id: string; ip: string }> {
  const [zone] = (await cloud.request('listZones')).zone;
  const [template] = (await cloud.request('listTemplates', { templatefilter: 'featured' })).template;
  const [offering] = (await cloud.request('listServiceOfferings')).serviceoffering;
  const { result } = await cloud.executeAsync('deployVirtualMachine', {
    zoneid: zone.id,
    templateid: template.id,
    serviceofferingid: offering.id,
    name,
  });
  expect(result.virtualmachine.state).toBe('Running');
  return { id: result.virtualmachine.id, ip: result.virtualmachine.nic[0].ipaddress };
}

const namespacePids = async (namespace: string) =>
  (await run('ip', ['netns', 'pids', namespace]).catch(() => ({ stdout: '' }))).stdout.split(/\s+/).filter(Boolean);
const namespaces = async () => (await run('ip', ['netns', 'list'])).stdout;
const linkExists = (name: string) =>
  run('ip', ['link', 'show', name]).then(
    () => true,
    () => false,
  );

describe('simulator start-up with real VMs', () => {
  const started: SimulatorProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((sim) => stop(sim, 'SIGTERM')));
  });

  it('finds what a killed simulator left behind (namespaces, bridge, disks) and removes it at the next start', async () => {
    const bridge = `cfnr${randomBytes(4).toString('hex')}`;
    const env = {
      SIM_REAL_VMS: '1',
      SIM_BRIDGE: bridge,
      SIM_GUEST_CIDR: `10.${100 + (randomBytes(1)[0] % 150)}.${randomBytes(1)[0]}.0/24`,
    };
    const first = await startSimulatorProcess(env);
    started.push(first);
    const vm = await deploy(first.cloud, 'crash-1');
    const namespace = `${bridge}-${vm.id}`;
    expect((await namespacePids(namespace)).length).toBeGreaterThan(0);

    await stop(first, 'SIGKILL');
    // The VM's processes die with the simulator (parent-death signal); its namespace, bridge and disk stay behind.
    await waitUntil(
      'the VM processes to die with the simulator',
      async () => (await namespacePids(namespace)).length === 0,
      10_000,
    );
    expect(await namespaces()).toContain(namespace);
    expect(await linkExists(bridge)).toBe(true);
    expect(existsSync(join(STATE_DIR, bridge, vm.id))).toBe(true);

    const second = await startSimulatorProcess(env);
    started.push(second);
    expect(await namespaces()).not.toContain(namespace);
    expect(existsSync(join(STATE_DIR, bridge, vm.id))).toBe(false);
    const again = await deploy(second.cloud, 'crash-2');
    expect((await namespacePids(`${bridge}-${again.id}`)).length).toBeGreaterThan(0);

    await stop(second, 'SIGTERM');
    expect(await namespaces()).not.toContain(`${bridge}-`);
    expect(await linkExists(bridge)).toBe(false);
    expect(existsSync(join(STATE_DIR, bridge))).toBe(false);
  });

  it('runs API-only, and says so at start-up, when it is not root', async () => {
    const nobody = 65534;
    const sim = await startSimulatorProcess(
      { SIM_REAL_VMS: 'auto', SIM_BRIDGE: `cfnu${randomBytes(4).toString('hex')}` },
      nobody,
    );
    started.push(sim);
    expect(sim.output()).toMatch(/API-only: VMs are records, not real hosts \(the simulator is not running as root\)/);
    await deploy(sim.cloud, 'records-only-1');
  });
});
