import { CreateStackCommand, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { connect } from 'amqplib';

import { taggedWithStack } from '../support/stack-cloud-objects';
import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

/**
 * Work left in progress is recovered from MySQL, not from the broker: the provisioner is killed mid-stack and its
 * queue is purged, so the requests it held are gone. The restarted provisioner takes over the operations it had
 * recorded (their leases ran out), the planner re-sends the requests nobody recorded, and the stack completes with
 * one VM per resource.
 */
describe('start-up recovery without the lost messages', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 3_000, extraEnv: { PLANNER_REDRIVE_SECONDS: '40' } });
  const VMS = 10;
  const template = JSON.stringify({
    Resources: Object.fromEntries(
      Array.from({ length: VMS }, (_, i) => [
        `Node${i}`,
        {
          Type: 'AWS::EC2::Instance',
          ...(i % 2 === 0 ? {} : { DependsOn: `Node${i - 1}` }),
          Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' },
        },
      ]),
    ),
  });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  async function inProgress(stackName: string): Promise<number> {
    const { StackEvents = [] } = await system
      .cloudFormation()
      .send(new DescribeStackEventsCommand({ StackName: stackName }));
    return StackEvents.filter(
      (e) => e.ResourceStatus === 'CREATE_IN_PROGRESS' && e.ResourceType !== 'AWS::CloudFormation::Stack',
    ).length;
  }

  async function purgeProvisionerQueue(): Promise<number> {
    const connection = await connect(system.amqpUrl);
    try {
      const channel = await connection.createChannel();
      return (await channel.purgeQueue(`${system.prefix}.provisioner`)).messageCount;
    } finally {
      await connection.close();
    }
  }

  it('completes the stack after the provisioner died and its messages were lost', async () => {
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'recovery', TemplateBody: template }));
    const stackId = StackId!.split('/').pop()!;
    await waitUntil('deploys in flight', async () => (await inProgress('recovery')) >= 4, 60_000, 100);
    // Kill once the provisioner has recorded some operations (their VMs are deploying).
    await waitUntil(
      'VMs deploying',
      async () => (await taggedWithStack(system.cloudStack(), 'virtualMachines', stackId)).length >= 2,
      60_000,
      100,
    );
    await system.killService('provisioner');
    const purged = await purgeProvisionerQueue();
    expect(purged).toBeGreaterThan(0);
    system.startService('provisioner');

    expect(await settledStatus(cfn, 'recovery', 240_000)).toBe('CREATE_COMPLETE');
    const vms = await taggedWithStack<{ id: string; name: string; state: string }>(
      system.cloudStack(),
      'virtualMachines',
      stackId,
    );
    expect(vms).toHaveLength(VMS);
    expect(new Set(vms.map((vm) => vm.name)).size).toBe(VMS);
    expect(vms.every((vm) => vm.state === 'Running')).toBe(true);
    // The restarted provisioner took recorded operations over from MySQL.
    expect(system.logs.some((line) => line.includes('taking over CREATE of'))).toBe(true);
  });
});
