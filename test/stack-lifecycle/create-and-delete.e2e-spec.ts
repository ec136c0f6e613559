import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStacksCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

import { stackEventsOldestFirst } from '../support/stack-events';
import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { MISSING_IMAGE_JSON, THREE_INSTANCES_JSON, THREE_INSTANCES_YAML } from '../support/templates';

interface SimVm {
  id: string;
  name: string;
  state: string;
  nic: Array<{ ipaddress: string }>;
}

describe('a stack end to end through the AWS SDK (api → validator → planner → provisioner → simulator)', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 300 });
  const waiter = () => ({ client: system.cloudFormation(), maxWaitTime: 120, minDelay: 1, maxDelay: 2 });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  const allEvents = (stackName: string) => stackEventsOldestFirst(system.cloudFormation(), stackName);

  async function simulatorVms(): Promise<SimVm[]> {
    return system.cloudStack().listAll<SimVm>('listVirtualMachines', { listall: true }, 'virtualmachine');
  }

  it.each([
    ['JSON', 'three-json', THREE_INSTANCES_JSON],
    ['YAML with short tags', 'three-yaml', THREE_INSTANCES_YAML],
  ])('creates three instances from %s in dependency order, then deletes them', async (_format, stackName, body) => {
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: body }));
    expect(StackId).toMatch(
      new RegExp(`^arn:aws:cloudformation:cloudstack-1:\\d{12}:stack/${stackName}/[0-9a-f-]{36}$`),
    );

    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });

    const events = await allEvents(stackName);
    const at = (logicalId: string, status: string) =>
      events.findIndex((event) => event.LogicalResourceId === logicalId && event.ResourceStatus === status);
    for (const logicalId of ['First', 'Second', 'Third']) {
      expect(at(logicalId, 'CREATE_IN_PROGRESS')).toBeGreaterThanOrEqual(0);
      expect(at(logicalId, 'CREATE_IN_PROGRESS')).toBeLessThan(at(logicalId, 'CREATE_COMPLETE'));
    }
    expect(at('Third', 'CREATE_IN_PROGRESS')).toBeGreaterThan(at('First', 'CREATE_COMPLETE'));
    expect(at('Third', 'CREATE_IN_PROGRESS')).toBeGreaterThan(at('Second', 'CREATE_COMPLETE'));
    expect(events[events.length - 1]).toMatchObject({
      LogicalResourceId: stackName,
      ResourceStatus: 'CREATE_COMPLETE',
    });

    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
    expect(StackResources).toHaveLength(3);
    const vms = await simulatorVms();
    for (const resource of StackResources) {
      expect(resource.ResourceStatus).toBe('CREATE_COMPLETE');
      expect(vms.find((vm) => vm.id === resource.PhysicalResourceId)?.state).toBe('Running');
    }

    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    const first = vms.find(
      (vm) => vm.id === StackResources.find((r) => r.LogicalResourceId === 'First')!.PhysicalResourceId,
    )!;
    const third = StackResources.find((r) => r.LogicalResourceId === 'Third')!;
    const thirdVm = vms.find((vm) => vm.id === third.PhysicalResourceId)!;
    expect(stack.Outputs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          OutputKey: 'FirstAddress',
          OutputValue: first.nic[0].ipaddress,
          Description: 'First VM address',
        }),
        expect.objectContaining({
          OutputKey: 'Summary',
          OutputValue: `${thirdVm.id} in cloudstack-1 at ${thirdVm.nic[0].ipaddress}`,
        }),
      ]),
    );
    // As AWS does, DescribeStacks lists every declared parameter, defaults included.
    expect(stack.Parameters).toEqual([{ ParameterKey: 'Image', ParameterValue: 'debian-12' }]);
    const template = await cfn.send(new GetTemplateCommand({ StackName: stackName }));
    expect(template.TemplateBody).toBe(body);

    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: stackName });
    const remaining = (await simulatorVms()).filter((vm) => StackResources.some((r) => r.PhysicalResourceId === vm.id));
    expect(remaining).toEqual([]);

    // Deleted stacks are gone by name, visible by id and in ListStacks.
    await expect(cfn.send(new DescribeStacksCommand({ StackName: stackName }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: `Stack with id ${stackName} does not exist`,
    });
    const byId = await cfn.send(new DescribeStacksCommand({ StackName: StackId }));
    expect(byId.Stacks![0].StackStatus).toBe('DELETE_COMPLETE');
    const listed = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }));
    expect(listed.StackSummaries!.map((s) => s.StackId)).toContain(StackId);
  });

  it('rolls back when a VM names an image the cloud does not have, leaving no VM behind', async () => {
    const cfn = system.cloudFormation();
    const stackName = 'missing-image';
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: MISSING_IMAGE_JSON }));
    await expect(waitUntilStackCreateComplete(waiter(), { StackName: stackName })).rejects.toThrow(/FAILURE|ROLLBACK/);
    expect(await settledStatus(cfn, stackName)).toBe('ROLLBACK_COMPLETE');

    const events = await allEvents(stackName);
    const failure = events.find((e) => e.LogicalResourceId === 'Broken' && e.ResourceStatus === 'CREATE_FAILED');
    expect(failure?.ResourceStatusReason).toContain("'no-such-image' does not exist");
    const rollback = events.find(
      (e) => e.LogicalResourceId === stackName && e.ResourceStatus === 'ROLLBACK_IN_PROGRESS',
    );
    expect(rollback?.ResourceStatusReason).toContain('The following resource(s) failed to create: [Broken]');
    for (const good of ['Good1', 'Good2']) {
      expect(events.some((e) => e.LogicalResourceId === good && e.ResourceStatus === 'DELETE_COMPLETE')).toBe(true);
    }
    const goodIds = events
      .filter((e) => (e.LogicalResourceId ?? '').startsWith('Good') && e.ResourceStatus === 'CREATE_COMPLETE')
      .map((e) => e.PhysicalResourceId);
    expect(goodIds).toHaveLength(2);
    expect((await simulatorVms()).filter((vm) => goodIds.includes(vm.id))).toEqual([]);
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
  });
});
