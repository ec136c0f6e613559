import { CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

import { taggedWithStack } from '../support/stack-cloud-objects';
import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

interface SimVm {
  id: string;
  name: string;
  state: string;
}

/**
 * A worker killed with SIGKILL in the middle of a stack loses nothing: its unacknowledged messages are
 * redelivered, the provisioner finds the VMs an earlier attempt deployed, and the stack completes with exactly
 * one VM per resource.
 */
describe('killing workers mid-stack', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 1_500 });
  const VMS = 20;
  const template = JSON.stringify({
    Resources: Object.fromEntries(
      Array.from({ length: VMS }, (_, i) => [
        `Node${i}`,
        {
          Type: 'AWS::EC2::Instance',
          // A chain every fifth node, so the planner keeps working while the kill happens.
          ...(i % 5 === 0 ? {} : { DependsOn: `Node${i - 1}` }),
          Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' },
        },
      ]),
    ),
  });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  /** The VMs carrying the stack's `cfn:stack-id` tag. */
  function vmsOf(stackArn: string): Promise<SimVm[]> {
    return taggedWithStack<SimVm>(system.cloudStack(), 'virtualMachines', stackArn.split('/').pop()!);
  }

  async function inProgressResources(stackName: string): Promise<number> {
    const { StackEvents = [] } = await system
      .cloudFormation()
      .send(new DescribeStackEventsCommand({ StackName: stackName }));
    return StackEvents.filter(
      (e) => e.ResourceStatus === 'CREATE_IN_PROGRESS' && e.ResourceType !== 'AWS::CloudFormation::Stack',
    ).length;
  }

  it.each(['provisioner', 'planner'] as const)('survives kill -9 of the %s', async (app) => {
    const stackName = `chaos-${app}`;
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: template }));
    // Kill once work is under way (some resources started, the stack not finished).
    await waitUntil('resources in flight', async () => (await inProgressResources(stackName)) >= 6, 60_000, 100);
    await system.killService(app);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    system.startService(app);

    expect(await settledStatus(cfn, stackName, 180_000)).toBe('CREATE_COMPLETE');
    const vms = await vmsOf(StackId!);
    expect(vms).toHaveLength(VMS);
    expect(new Set(vms.map((vm) => vm.name)).size).toBe(VMS);
    expect(vms.every((vm) => vm.state === 'Running')).toBe(true);
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
  });
});
