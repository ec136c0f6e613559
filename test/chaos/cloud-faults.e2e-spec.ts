import { CreateStackCommand } from '@aws-sdk/client-cloudformation';

import { stackKeyPairName } from '../../libs/ssh/src';
import { stackObjectsLeft, taggedWithStack } from '../support/stack-cloud-objects';
import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';

/** A stack of VMs, each with a data volume and an address, behind a security group of its own. */
function stackTemplate(vms: number): string {
  const resources: Record<string, unknown> = {
    Web: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'web',
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }],
      },
    },
  };
  for (let i = 0; i < vms; i++) {
    resources[`Vm${i}`] = {
      Type: 'AWS::EC2::Instance',
      Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance', SecurityGroupIds: [{ Ref: 'Web' }] },
    };
    resources[`Data${i}`] = {
      Type: 'AWS::EC2::Volume',
      Properties: { Size: 5, AvailabilityZone: { 'Fn::GetAtt': [`Vm${i}`, 'AvailabilityZone'] } },
    };
    resources[`Ip${i}`] = { Type: 'AWS::EC2::EIP', Properties: { InstanceId: { Ref: `Vm${i}` } } };
  }
  return JSON.stringify({ Resources: resources });
}

/**
 * The cloud misbehaves through the simulator's faults API: with 20% of its calls failing transiently (half of them
 * after the command ran, as when an answer is lost) a stack still completes with exactly one object per resource;
 * with a permanent failure it rolls back and leaves nothing of the stack behind.
 */
describe('cloud faults', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 500 });
  const VMS = 6;

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  async function setFaults(faults: unknown): Promise<void> {
    const response = await fetch(`${system.simulatorUrl}/simulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
    expect(response.status).toBe(200);
  }

  it("completes a stack while 20% of the cloud's calls fail transiently", async () => {
    await setFaults({ transientErrors: { '*': { rate: 0.2, afterExecution: 0.5 } } });
    try {
      const cfn = system.cloudFormation();
      const { StackId } = await cfn.send(
        new CreateStackCommand({ StackName: 'flaky', TemplateBody: stackTemplate(VMS) }),
      );
      expect(await settledStatus(cfn, 'flaky', 300_000)).toBe('CREATE_COMPLETE');
      const { counters } = (await (await fetch(`${system.simulatorUrl}/simulator/faults`)).json()) as {
        counters: { transientBefore: number; transientAfter: number };
      };
      // Both kinds were survived. (Their number is random: a fixed floor such as "more than 10" failed on a low draw.)
      expect(counters.transientBefore).toBeGreaterThan(0);
      expect(counters.transientAfter).toBeGreaterThan(0);
      const stackId = StackId!.split('/').pop()!;
      await setFaults({});
      const left = await stackObjectsLeft(system.cloudStack(), stackId);
      expect(left).toEqual({ virtualMachines: VMS, volumes: VMS, publicIps: VMS, securityGroups: 1 });
    } finally {
      await setFaults({});
    }
  });

  it('rolls a stack back after a permanent failure and leaves nothing of it in the cloud', async () => {
    // The 4th VM ends in Error: its create fails for good.
    await setFaults({ deploy: { errorStateAt: [4] } });
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(
      new CreateStackCommand({ StackName: 'doomed', TemplateBody: stackTemplate(VMS) }),
    );
    expect(await settledStatus(cfn, 'doomed', 300_000)).toBe('ROLLBACK_COMPLETE');
    await setFaults({});
    const stackId = StackId!.split('/').pop()!;
    const cloud = system.cloudStack();
    expect(await stackObjectsLeft(cloud, stackId)).toEqual({
      virtualMachines: 0,
      volumes: 0,
      publicIps: 0,
      securityGroups: 0,
    });
    // Nor the stack's management group (named after the stack, used for the configurator's SSH).
    const groups = await cloud.listAll<{ name: string }>('listSecurityGroups', { listall: true }, 'securitygroup');
    expect(groups.filter((group) => group.name === stackKeyPairName(stackId))).toEqual([]);
    const vms = await cloud.listAll<{ name: string; displayname?: string }>(
      'listVirtualMachines',
      { listall: true },
      'virtualmachine',
    );
    expect(vms.filter((vm) => vm.displayname?.startsWith('doomed/'))).toEqual([]);
    expect(await taggedWithStack(cloud, 'virtualMachines', stackId)).toEqual([]);
  });
});
