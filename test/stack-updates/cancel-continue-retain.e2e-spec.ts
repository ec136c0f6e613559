import {
  CancelUpdateStackCommand,
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  UpdateStackCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';

import { stackEventsOldestFirst } from '../support/stack-events';
import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

interface SimVm {
  id: string;
  state: string;
  templatename: string;
}

const template = (image: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Resources: {
      Db: { Type: 'AWS::EC2::Instance', Properties: { ImageId: image, InstanceType: 'Small Instance' }, ...extra },
    },
  });

describe('CancelUpdateStack, ContinueUpdateRollback and UpdateReplacePolicy', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 200 });
  const waiter = () => ({ client: system.cloudFormation(), maxWaitTime: 180, minDelay: 1, maxDelay: 2 });
  let cfn: CloudFormationClient;

  beforeAll(async () => {
    await system.start();
    cfn = system.cloudFormation();
  }, 120_000);
  afterAll(() => system.stop(), 60_000);

  const faults = (document: unknown) =>
    fetch(`${system.simulatorUrl}/simulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(document),
    });
  const vms = () => system.cloudStack().listAll<SimVm>('listVirtualMachines', { listall: true }, 'virtualmachine');
  const dbId = async (stackName: string) =>
    (await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources!.find(
      (r) => r.LogicalResourceId === 'Db',
    )!.PhysicalResourceId!;
  const events = (stackName: string) => stackEventsOldestFirst(cfn, stackName);

  async function created(stackName: string, body: string): Promise<string> {
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: body }));
    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    return dbId(stackName);
  }
  async function deleted(stackName: string): Promise<void> {
    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: stackName });
  }

  it("changes a security group's inline rules in place: the dropped rule is revoked, the new one authorized", async () => {
    const stackName = 'rules';
    const group = (ports: number[]) =>
      JSON.stringify({
        Resources: {
          Web: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: 'web',
              SecurityGroupIngress: ports.map((port) => ({
                IpProtocol: 'tcp',
                FromPort: port,
                ToPort: port,
                CidrIp: '0.0.0.0/0',
              })),
            },
          },
        },
      });
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: group([22, 80]) }));
    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    const id = (await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources![0]
      .PhysicalResourceId!;
    await cfn.send(new UpdateStackCommand({ StackName: stackName, TemplateBody: group([80, 443]) }));
    await waitUntilStackUpdateComplete(waiter(), { StackName: stackName });
    expect(
      (await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources![0]
        .PhysicalResourceId,
    ).toBe(id);
    const [listed] = await system
      .cloudStack()
      .listAll<{ ingressrule?: Array<{ startport: number }> }>(
        'listSecurityGroups',
        { id, listall: true },
        'securitygroup',
      );
    expect(listed.ingressrule!.map((rule) => rule.startport).sort((a, b) => a - b)).toEqual([80, 443]);
    await deleted(stackName);
  }, 300_000);

  it('UpdateReplacePolicy Retain keeps the replaced VM', async () => {
    const stackName = 'retain';
    const retain = { UpdateReplacePolicy: 'Retain' };
    const old = await created(stackName, template('debian-12', retain));
    await cfn.send(new UpdateStackCommand({ StackName: stackName, TemplateBody: template('ubuntu-22.04', retain) }));
    await waitUntilStackUpdateComplete(waiter(), { StackName: stackName });
    const replacement = await dbId(stackName);
    expect(replacement).not.toBe(old);
    const cloud = await vms();
    expect(cloud.find((vm) => vm.id === old)).toMatchObject({ state: 'Running', templatename: 'debian-12' });
    expect(
      (await events(stackName)).some(
        (e) => e.LogicalResourceId === 'Db' && e.ResourceStatus === 'DELETE_SKIPPED' && e.PhysicalResourceId === old,
      ),
    ).toBe(true);
    await deleted(stackName);
    expect((await vms()).map((vm) => vm.id)).toContain(old);
    await system.cloudStack().executeAsync('destroyVirtualMachine', { id: old, expunge: true });
  }, 300_000);

  it('CancelUpdateStack rolls an update back: the old VM stays, the half-made replacement goes', async () => {
    const stackName = 'cancel';
    const old = await created(stackName, template('debian-12'));
    await faults({ jobDuration: { deployVirtualMachine: { min: 6000, max: 6000 } } });
    try {
      await cfn.send(new UpdateStackCommand({ StackName: stackName, TemplateBody: template('ubuntu-22.04') }));
      await waitUntil(
        'the replacement to start',
        async () =>
          (await events(stackName)).some(
            (e) => e.LogicalResourceId === 'Db' && e.ResourceStatus === 'UPDATE_IN_PROGRESS',
          ),
        60_000,
        200,
      );
      await cfn.send(new CancelUpdateStackCommand({ StackName: stackName }));
      expect(await settledStatus(cfn, stackName)).toBe('UPDATE_ROLLBACK_COMPLETE');
    } finally {
      await fetch(`${system.simulatorUrl}/simulator/faults`, { method: 'DELETE' });
    }
    expect(await dbId(stackName)).toBe(old);
    const cloud = (await vms()).filter((vm) => vm.state !== 'Destroyed' && vm.state !== 'Expunging');
    expect(cloud.map((vm) => vm.id)).toEqual([old]);
    await expect(cfn.send(new CancelUpdateStackCommand({ StackName: stackName }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'CancelUpdateStack cannot be called from current stack status UPDATE_ROLLBACK_COMPLETE.',
    });
    await deleted(stackName);
  }, 300_000);

  it('ContinueUpdateRollback retries a failed rollback and skips ResourcesToSkip', async () => {
    const stackName = 'continue';
    const body = JSON.stringify({
      Resources: {
        Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' } },
      },
    });
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: body }));
    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    const web = (await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources![0]
      .PhysicalResourceId!;
    // The VM disappears behind the stack's back: neither the update nor its rollback can change it.
    await system.cloudStack().executeAsync('destroyVirtualMachine', { id: web, expunge: true });
    await cfn.send(
      new UpdateStackCommand({ StackName: stackName, TemplateBody: body.replace('Small Instance', 'Medium Instance') }),
    );
    expect(await settledStatus(cfn, stackName)).toBe('UPDATE_ROLLBACK_FAILED');
    await expect(
      cfn.send(new UpdateStackCommand({ StackName: stackName, UsePreviousTemplate: true })),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/is in UPDATE_ROLLBACK_FAILED state and can not be updated\.$/),
    });

    await cfn.send(new ContinueUpdateRollbackCommand({ StackName: stackName }));
    expect(await settledStatus(cfn, stackName)).toBe('UPDATE_ROLLBACK_FAILED');
    await cfn.send(new ContinueUpdateRollbackCommand({ StackName: stackName, ResourcesToSkip: ['Web'] }));
    expect(await settledStatus(cfn, stackName)).toBe('UPDATE_ROLLBACK_COMPLETE');
    const skipped = (await events(stackName)).filter((e) => e.LogicalResourceId === 'Web').pop()!;
    expect(skipped).toMatchObject({
      ResourceStatus: 'UPDATE_COMPLETE',
      ResourceStatusReason: 'Resource skipped during rollback',
    });
    await deleted(stackName);
  }, 300_000);
});
