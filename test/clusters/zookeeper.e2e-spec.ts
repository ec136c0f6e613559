import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

const TEMPLATE = readFileSync(join(__dirname, '../../templates/zookeeper/zookeeper.yaml'), 'utf8');
const MEMBERS = ['Zk1', 'Zk2', 'Zk3'];

/** ZooKeeper's four-letter word `srvr` (allowed by default since 3.5.3): the server answers and closes. */
function srvr(address: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: address, port: 2181, timeout: 5_000 });
    let answer = '';
    socket.on('connect', () => socket.write('srvr'));
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('timeout', () => socket.destroy(new Error(`srvr to ${address}:2181 timed out`)));
    socket.on('error', reject);
  });
}

const modeOf = (answer: string) => /^Mode: (\w+)$/m.exec(answer)?.[1];

/** The shipped template on simulator VMs that are real hosts, with Debian's ZooKeeper installed on the host. */
describe('templates/zookeeper on the simulator', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 100, realVms: true });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  it('forms a three-member ensemble, one leader and two followers, and exports its connection string', async () => {
    const cfn = system.cloudFormation();
    const started = Date.now();
    await cfn.send(
      new CreateStackCommand({
        StackName: 'zookeeper',
        TemplateBody: TEMPLATE,
        // The host reaches the VMs from the bridge's gateway address.
        Parameters: [{ ParameterKey: 'ClientCidr', ParameterValue: `${system.guestGateway}/32` }],
      }),
    );
    const status = await settledStatus(cfn, 'zookeeper', 150_000);
    if (status !== 'CREATE_COMPLETE') {
      const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'zookeeper' }));
      const failures = StackEvents.filter((e) => e.ResourceStatus?.endsWith('FAILED')).map(
        (e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`,
      );
      throw new Error(`stack settled in ${status}:\n${failures.join('\n')}`);
    }
    const created = Date.now();

    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'zookeeper' }));
    expect(StackResources.map((r) => r.LogicalResourceId)).not.toContain('Zk4');
    const vms = await system
      .cloudStack()
      .listAll<{ id: string; nic: Array<{ ipaddress: string }> }>(
        'listVirtualMachines',
        { listall: true },
        'virtualmachine',
      );
    const addresses = MEMBERS.map(
      (logicalId) =>
        vms.find((vm) => vm.id === StackResources.find((r) => r.LogicalResourceId === logicalId)!.PhysicalResourceId)!
          .nic[0].ipaddress,
    );

    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'zookeeper' }))).Stacks!;
    const connect = stack.Outputs!.find((output) => output.OutputKey === 'ConnectionString')!;
    expect(connect.OutputValue).toBe(addresses.map((address) => `${address}:2181`).join(','));
    expect(connect.ExportName).toBe('zookeeper-ZooKeeperConnect');

    // Each member answers on 2181 once it is up; the ensemble then elects a leader.
    const modes = await waitUntil(
      'the ensemble to elect a leader',
      async () => {
        const answers = await Promise.all(addresses.map((address) => srvr(address).catch(() => '')));
        const found = answers.map(modeOf);
        return found.every(Boolean) ? found : undefined;
      },
      60_000,
      500,
    ).catch(async (error) => {
      const answers = await Promise.all(addresses.map((address) => srvr(address).catch((e) => String(e))));
      throw new Error(
        `${(error as Error).message}; last answers:\n${addresses.map((a, i) => `${a}: ${answers[i].trim()}`).join('\n')}`,
      );
    });
    const formed = Date.now();
    expect([...modes].sort()).toEqual(['follower', 'follower', 'leader']);
    console.log(
      `zookeeper: CREATE_COMPLETE after ${((created - started) / 1000).toFixed(1)} s, ` +
        `ensemble formed ${((formed - created) / 1000).toFixed(1)} s later (${modes.join(', ')})`,
    );

    await cfn.send(new DeleteStackCommand({ StackName: 'zookeeper' }));
    await waitUntilStackDeleteComplete(
      { client: cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 2 },
      { StackName: 'zookeeper' },
    );
  });
});
