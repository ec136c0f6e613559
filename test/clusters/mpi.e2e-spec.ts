import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SystemUnderTest } from '../support/system-under-test';
import { ClusterStack } from './cluster-stack';

const TEMPLATE = readFileSync(join(__dirname, '../../templates/mpi/mpi.yaml'), 'utf8');
const NODES = ['Node1', 'Node2', 'Node3'];

/** The shipped MPI template on simulator VMs that are real hosts (openmpi-bin installed on the host). */
describe('templates/mpi on the simulator', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 100, realVms: true });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  it('runs mpirun across three VMs, each printing its hostname', async () => {
    const stack = new ClusterStack(system, 'mpi');
    const started = Date.now();
    await stack.create(TEMPLATE, { NodeCount: '3' }, 180_000);
    const elapsed = ((Date.now() - started) / 1000).toFixed(1);

    const addresses = NODES.map((id) => stack.address(id));
    expect(() => stack.address('Node4')).toThrow();
    expect(await stack.output('NodeAddresses')).toBe(addresses.join(','));
    const hostnames = await Promise.all(
      addresses.map(async (address) => (await stack.ssh(address, 'hostname')).trim()),
    );
    expect(new Set(hostnames).size).toBe(3);

    // Every member has the same host file.
    for (const address of addresses) {
      expect(await stack.ssh(address, 'grep -v "^#" /etc/openmpi/openmpi-default-hostfile')).toBe(
        addresses.map((a) => `${a} slots=1\n`).join(''),
      );
    }

    // mpirun as the user mpi on the head node, with OpenMPI's default host file: one process per member, each
    // started over SSH (host-based authentication between members, no password, no copied key).
    const mpirunStarted = Date.now();
    const output = await stack.ssh(addresses[0], "su - mpi -c 'mpirun --map-by node -np 3 hostname'", 90_000);
    const mpirunSeconds = ((Date.now() - mpirunStarted) / 1000).toFixed(1);
    expect(output.trim().split('\n').sort()).toEqual([...hostnames].sort());

    // Any member reaches any other as mpi, not only the head.
    expect((await stack.ssh(addresses[2], `su - mpi -c 'ssh ${addresses[1]} hostname'`)).trim()).toBe(hostnames[1]);

    console.log(
      `mpi: CREATE_COMPLETE after ${elapsed} s; mpirun took ${mpirunSeconds} s and printed ${output.trim().split('\n').join(', ')}`,
    );
    await stack.delete();
  }, 360_000);
});
