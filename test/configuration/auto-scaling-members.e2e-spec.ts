import {
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';

import { sshWithStackKey } from '../support/stack-ssh';
import { expectSettledAs, settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';

/** Agents as a group whose launch configuration carries the configuration, as the Mesos template declares them. */
const TEMPLATE = `
Resources:
  AgentConfig:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties: { ImageId: debian-12, InstanceType: Small Instance }
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
            /etc/cfn-demo/role:
              content: !Sub "agent of \${AWS::StackName}"
      CloudStack::Configure:
        tasks:
          - name: the group
            copy:
              dest: /etc/cfn-demo/agents
              content: "{% for m in groups.Agents %}{{ m.logicalId }}={{ m.address }} {% endfor %}me={{ self.index }}\\n"
  Agents:
    Type: AWS::AutoScaling::AutoScalingGroup
    # As AWS templates write it (cfn-init, then cfn-signal): each configured member counts as one signal.
    CreationPolicy: { ResourceSignal: { Count: "2", Timeout: PT10M } }
    Properties: { LaunchConfigurationName: !Ref AgentConfig, MinSize: "2", MaxSize: "2" }
Outputs:
  Group: { Value: !Ref Agents }
`;

/** Members of an AutoScalingGroup configured over SSH by the configurator, each with the group facts. */
describe('configuring the members of an AutoScalingGroup', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 100, realVms: true });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  /** The group's member VMs (tagged with its name), in member order. */
  async function membersOf(groupName: string) {
    const vms = await system
      .cloudStack()
      .listAll<{ name: string; nic: Array<{ ipaddress: string }>; tags?: Array<{ key: string; value: string }> }>(
        'listVirtualMachines',
        { listall: true },
        'virtualmachine',
      );
    return vms
      .filter((vm) => vm.tags?.some((t) => t.key === 'aws:autoscaling:groupName' && t.value === groupName))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  const sshAs = (stackId: string, address: string, command: string) =>
    sshWithStackKey(system.sshMasterSecret, stackId, address, command);

  it('configures every member with every address and its own index; the group completes after all of them, each counting as a signal', async () => {
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'agents', TemplateBody: TEMPLATE }));
    expect(await settledStatus(cfn, 'agents', 300_000)).toBe('CREATE_COMPLETE');
    const stackId = StackId!.split('/').pop()!;
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'agents' }))).Stacks!;
    const groupName = stack.Outputs!.find((o) => o.OutputKey === 'Group')!.OutputValue!;

    const members = await membersOf(groupName);
    expect(members).toHaveLength(2);
    const addresses = members.map((vm) => vm.nic[0].ipaddress);
    const expectedGroup = addresses.map((address, index) => `Agents-${index}=${address}`).join(' ');
    for (const [index, address] of addresses.entries()) {
      expect(await sshAs(stackId, address, 'cat /etc/cfn-demo/agents')).toBe(`${expectedGroup} me=${index}\n`);
      expect(await sshAs(stackId, address, 'cat /etc/cfn-demo/role')).toBe('agent of agents');
    }

    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'agents' }));
    const events = StackEvents.filter((e) => e.LogicalResourceId === 'Agents').reverse();
    const configuring = events.findIndex(
      (e) => e.ResourceStatusReason === 'Resource created; configuring its 2 instance(s) over SSH',
    );
    const complete = events.findIndex((e) => e.ResourceStatus === 'CREATE_COMPLETE');
    expect(configuring).toBeGreaterThan(0);
    expect(complete).toBeGreaterThan(configuring);
    const between = events.slice(configuring + 1, complete).map((e) => e.ResourceStatusReason);
    expect(between).toEqual(
      expect.arrayContaining([
        'Agents-0: configured',
        'Agents-1: configured',
        'Resource created; waiting for 2 resource signal(s)',
      ]),
    );
  }, 360_000);

  it('configures every member again when an update resizes the group, the new one for the first time', async () => {
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'resized', TemplateBody: TEMPLATE }));
    await expectSettledAs(cfn, 'resized', 'CREATE_COMPLETE', 300_000);
    const stackId = StackId!.split('/').pop()!;
    const bigger = TEMPLATE.replace('MinSize: "2", MaxSize: "2"', 'MinSize: "3", MaxSize: "3"');
    await cfn.send(new UpdateStackCommand({ StackName: 'resized', TemplateBody: bigger }));
    await expectSettledAs(cfn, 'resized', 'UPDATE_COMPLETE', 300_000);

    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'resized' }))).Stacks!;
    const groupName = stack.Outputs!.find((o) => o.OutputKey === 'Group')!.OutputValue!;
    const members = await membersOf(groupName);
    expect(members).toHaveLength(3);
    const addresses = members.map((vm) => vm.nic[0].ipaddress);
    const expectedGroup = addresses.map((address, index) => `Agents-${index}=${address}`).join(' ');
    for (const [index, address] of addresses.entries()) {
      expect(await sshAs(stackId, address, 'cat /etc/cfn-demo/agents')).toBe(`${expectedGroup} me=${index}\n`);
    }

    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'resized' }));
    const events = StackEvents.filter((e) => e.LogicalResourceId === 'Agents').reverse();
    const configuring = events.findIndex(
      (e) =>
        e.ResourceStatus === 'UPDATE_IN_PROGRESS' &&
        e.ResourceStatusReason === 'Resource updated; configuring its 3 instance(s) over SSH',
    );
    const complete = events.findIndex((e) => e.ResourceStatus === 'UPDATE_COMPLETE');
    expect(configuring).toBeGreaterThan(0);
    expect(complete).toBeGreaterThan(configuring);
    expect(events.slice(configuring + 1, complete).map((e) => e.ResourceStatusReason)).toEqual(
      expect.arrayContaining(['Agents-0: configured', 'Agents-1: configured', 'Agents-2: configured']),
    );
  }, 360_000);
});
