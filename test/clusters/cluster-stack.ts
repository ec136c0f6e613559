import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  Parameter,
  Stack,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

import { sshWithStackKey } from '../support/stack-ssh';
import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';

/** A shipped cluster template's stack on the simulator, as the cluster suites drive it. */
export class ClusterStack {
  stackId = '';
  private vmsByLogicalId = new Map<string, { id: string; name: string; address: string }>();

  constructor(
    private readonly system: SystemUnderTest,
    readonly name: string,
  ) {}

  /** CreateStack, then waits for it to settle; anything but CREATE_COMPLETE throws with every failure's reason. */
  async create(templateBody: string, parameters: Record<string, string>, timeoutMs: number): Promise<Stack> {
    const cfn = this.system.cloudFormation();
    const Parameters: Parameter[] = Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
      ParameterKey,
      ParameterValue,
    }));
    const { StackId } = await cfn.send(
      new CreateStackCommand({ StackName: this.name, TemplateBody: templateBody, Parameters }),
    );
    this.stackId = StackId!.split('/').pop()!;
    const status = await settledStatus(cfn, this.name, timeoutMs).catch(async (error: Error) => {
      // Still in progress at the deadline: say where it stands (which resources wait, the last events), not only that.
      const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: this.name }));
      const latest = StackEvents.slice(0, 20)
        .reverse()
        .map(
          (e) =>
            `${e.Timestamp?.toISOString()} ${e.LogicalResourceId} ${e.ResourceStatus} ${e.ResourceStatusReason ?? ''}`,
        );
      throw new Error(`${error.message}; its latest events:\n${latest.join('\n')}`);
    });
    if (status !== 'CREATE_COMPLETE') {
      const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: this.name }));
      const failures = StackEvents.filter((e) => e.ResourceStatus?.endsWith('FAILED')).map(
        (e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`,
      );
      throw new Error(`stack ${this.name} settled in ${status}:\n${failures.join('\n')}`);
    }
    await this.refreshVms();
    return this.describe();
  }

  async describe(): Promise<Stack> {
    return (await this.system.cloudFormation().send(new DescribeStacksCommand({ StackName: this.name }))).Stacks![0];
  }

  async output(key: string): Promise<string> {
    const output = (await this.describe()).Outputs?.find((o) => o.OutputKey === key);
    if (!output) throw new Error(`stack ${this.name} has no output ${key}`);
    return output.OutputValue!;
  }

  /** The stack's VMs by logical id (CloudStack::VirtualMachine and AWS::EC2::Instance alike). */
  async refreshVms(): Promise<void> {
    const { StackResources = [] } = await this.system
      .cloudFormation()
      .send(new DescribeStackResourcesCommand({ StackName: this.name }));
    const vms = await this.system
      .cloudStack()
      .listAll<{ id: string; name: string; nic: Array<{ ipaddress: string }> }>(
        'listVirtualMachines',
        { listall: true },
        'virtualmachine',
      );
    this.vmsByLogicalId.clear();
    for (const resource of StackResources) {
      const vm = vms.find((candidate) => candidate.id === resource.PhysicalResourceId);
      if (vm)
        this.vmsByLogicalId.set(resource.LogicalResourceId!, {
          id: vm.id,
          name: vm.name,
          address: vm.nic[0].ipaddress,
        });
    }
  }

  address(logicalId: string): string {
    const vm = this.vmsByLogicalId.get(logicalId);
    if (!vm)
      throw new Error(`stack ${this.name} has no VM ${logicalId} (has ${[...this.vmsByLogicalId.keys()].join(', ')})`);
    return vm.address;
  }

  /** `ssh root@<address> <command>` with the stack's own key (the one the configurator uses). */
  ssh(address: string, command: string, timeoutMs = 30_000): Promise<string> {
    return sshWithStackKey(this.system.sshMasterSecret, this.stackId, address, command, timeoutMs);
  }

  async delete(): Promise<void> {
    const cfn = this.system.cloudFormation();
    await cfn.send(new DeleteStackCommand({ StackName: this.name }));
    await waitUntilStackDeleteComplete(
      { client: cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 2 },
      { StackName: this.name },
    );
  }
}
