import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { startSimulator } from '../../apps/cloudstack-simulator/src/start-simulator';
import { NamespaceVirtualMachineHost } from '../../apps/cloudstack-simulator/src/vm/real/namespace-virtual-machine-host';
import { VIRTUAL_MACHINE_HOST } from '../../apps/cloudstack-simulator/src/vm/virtual-machine-host';
import { CloudStackClient } from '../../libs/cloudstack/src';
import { createGuestKey, GuestKey, sshWhenReady } from '../support/guest-ssh';

/**
 * `npm run bench:sim`: the simulator with VMs that are real hosts (needs root). Deploys 1, then BENCH_VMS (default
 * 20) VMs at once, and prints how long until every one is Running and until every one answers
 * `ssh root@<ip> hostname` with its name; then the idle memory per VM (the processes in each VM's namespace).
 * BENCH_SIM_LOGS=1 shows the simulator's log (each VM's boot time).
 */
interface Timing {
  id: string;
  runningMs: number;
  sshMs: number;
}

const IDLE_SETTLE_MS = 3_000;
const ms = (value: number) => `${Math.round(value)} ms`;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

async function deployBatch(
  cloud: CloudStackClient,
  key: GuestKey,
  ids: Record<string, string>,
  label: string,
  count: number,
): Promise<Timing[]> {
  const started = performance.now();
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const name = `${label}-${i + 1}`;
      const { result } = await cloud.executeAsync('deployVirtualMachine', { ...ids, name, keypair: 'bench' });
      const runningMs = performance.now() - started;
      const ip = result.virtualmachine.nic[0].ipaddress as string;
      const answer = (await sshWhenReady(ip, key, 'hostname', 60_000)).trim();
      if (answer !== name) throw new Error(`VM ${name} at ${ip} answered ${answer}`);
      return { id: result.virtualmachine.id as string, runningMs, sshMs: performance.now() - started };
    }),
  );
}

function report(label: string, timings: Timing[]): void {
  const running = timings.map((t) => t.runningMs);
  const ssh = timings.map((t) => t.sshMs);
  console.log(
    `${label}: all Running after ${ms(Math.max(...running))} (median ${ms(percentile(running, 50))}), ` +
      `all answering SSH after ${ms(Math.max(...ssh))} (median ${ms(percentile(ssh, 50))})`,
  );
}

async function main() {
  const batch = Number(process.env.BENCH_VMS ?? 20);
  const bridge = `cfnb${randomBytes(4).toString('hex')}`;
  const guestCidr = `10.${100 + (randomBytes(1)[0] % 150)}.${randomBytes(1)[0]}.0/24`;
  const key = await createGuestKey();
  const sim = await startSimulator({
    realVms: 'on',
    bridgeName: bridge,
    guestCidr,
    logger: process.env.BENCH_SIM_LOGS === '1' ? ['log', 'warn', 'error'] : false,
  });
  try {
    const cloud = new CloudStackClient({
      apiUrl: sim.apiUrl,
      apiKey: sim.apiKey,
      secretKey: sim.secretKey,
      pollIntervalMs: 50,
      maxPollIntervalMs: 100,
    });
    const host = sim.app.get<NamespaceVirtualMachineHost>(VIRTUAL_MACHINE_HOST);
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
    const ids = { zoneid: zone.id, templateid: template.id, serviceofferingid: offering.id, securitygroupids };

    console.log(
      `simulator with real VMs: bridge ${bridge}, guest network ${guestCidr}, ${(await readFile('/proc/cpuinfo', 'utf8')).match(/^processor/gm)?.length} CPUs`,
    );
    const single = await deployBatch(cloud, key, ids, 'bench-one', 1);
    report('1 VM', single);
    const many = await deployBatch(cloud, key, ids, 'bench-many', batch);
    report(`${batch} concurrent VMs`, many);

    await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
    const all = [...single, ...many];
    const memories = (await Promise.all(all.map((t) => host.memoryOf(t.id)))).filter((m) => m !== undefined);
    const average = (pick: (m: (typeof memories)[number]) => number) =>
      memories.reduce((sum, m) => sum + pick(m), 0) / memories.length;
    console.log(
      `idle memory per VM (${memories.length} VMs, ${average((m) => m.processes).toFixed(1)} processes each):`,
    );
    console.log(
      `  PSS ${(average((m) => m.pssKiB) / 1024).toFixed(1)} MiB (shared pages split among their users: what each VM adds)`,
    );
    console.log(`  RSS ${(average((m) => m.rssKiB) / 1024).toFixed(1)} MiB (shared libraries counted in full)`);

    const removeStarted = performance.now();
    await Promise.all(all.map((t) => cloud.executeAsync('destroyVirtualMachine', { id: t.id, expunge: true })));
    console.log(`destroy+expunge of ${all.length} VMs: ${ms(performance.now() - removeStarted)}`);
  } finally {
    await sim.close();
    await key.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
