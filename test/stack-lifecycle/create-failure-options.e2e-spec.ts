import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  StackEvent,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

import { stackEventsOldestFirst } from '../support/stack-events';
import { settledStatus, untilDeleted } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { MISSING_IMAGE_JSON } from '../support/templates';

interface SimVm {
  id: string;
  name: string;
  state: string;
}

/** One VM that is quick to make and one whose deploy job the simulator keeps pending (see the timeout case). */
const QUICK_AND_SLOW = JSON.stringify({
  Resources: {
    Quick: { Type: 'CloudStack::SecurityGroup', Properties: { Description: 'made at once' } },
    Slow: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' } },
  },
});

describe('what a failed or overdue create does (OnFailure, DisableRollback, TimeoutInMinutes)', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 200 });
  const waiter = () => ({ client: system.cloudFormation(), maxWaitTime: 240, minDelay: 1, maxDelay: 3 });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  const eventsOf = stackEventsOldestFirst;

  const stackEvents = (events: StackEvent[], stackName: string) =>
    events
      .filter((e) => e.LogicalResourceId === stackName)
      .map((e) => [e.ResourceStatus, e.ResourceStatusReason ?? null]);

  /** The stack's VMs that still exist (VMs are named `<stack>-<logical id>-<id prefix>`). */
  async function liveVms(stackName: string): Promise<SimVm[]> {
    const vms = await system.cloudStack().listAll<SimVm>('listVirtualMachines', { listall: true }, 'virtualmachine');
    return vms.filter((vm) => vm.name.startsWith(`${stackName}-`) && !['Destroyed', 'Expunging'].includes(vm.state));
  }

  async function setFaults(document: Record<string, unknown> | null): Promise<void> {
    const response = await fetch(
      `${system.simulatorUrl}/simulator/faults`,
      document
        ? { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) }
        : { method: 'DELETE' },
    );
    expect(response.ok).toBe(true);
  }

  it('refuses OnFailure with DisableRollback, an unknown OnFailure and a timeout under a minute, in AWS words', async () => {
    const cfn = system.cloudFormation();
    const base = { StackName: 'bad-options', TemplateBody: MISSING_IMAGE_JSON };
    await expect(
      cfn.send(new CreateStackCommand({ ...base, OnFailure: 'DELETE', DisableRollback: false })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Either DisableRollback or OnFailure can be specified, not both.',
    });
    await expect(cfn.send(new CreateStackCommand({ ...base, OnFailure: 'KEEP' as never }))).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        "1 validation error detected: Value 'KEEP' at 'onFailure' failed to satisfy constraint: " +
        'Member must satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]',
    });
    await expect(cfn.send(new CreateStackCommand({ ...base, TimeoutInMinutes: 0 }))).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        "1 validation error detected: Value '0' at 'timeoutInMinutes' failed to satisfy constraint: " +
        'Member must have value greater than or equal to 1',
    });
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'bad-options' }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('OnFailure DELETE rolls back, then deletes the stack: DELETE_COMPLETE, nothing left, the name free again', async () => {
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(
      new CreateStackCommand({
        StackName: 'fail-delete',
        TemplateBody: MISSING_IMAGE_JSON,
        OnFailure: 'DELETE',
        ClientRequestToken: 'create-fail-delete-1',
      }),
    );
    await waitUntilStackDeleteComplete(waiter(), { StackName: StackId! });

    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: StackId }))).Stacks!;
    expect(stack.StackStatus).toBe('DELETE_COMPLETE');
    expect(stack.DisableRollback).toBe(false);
    const events = await eventsOf(cfn, StackId!);
    expect(stackEvents(events, 'fail-delete')).toEqual([
      ['CREATE_IN_PROGRESS', 'User Initiated'],
      ['ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [Broken]. Delete requested by user.'],
      ['ROLLBACK_COMPLETE', null],
      ['DELETE_IN_PROGRESS', null],
      ['DELETE_COMPLETE', null],
    ]);
    // Every event of the create carries the request's token, as AWS shows it.
    expect(new Set(events.map((e) => e.ClientRequestToken))).toEqual(new Set(['create-fail-delete-1']));
    expect(events.filter((e) => e.LogicalResourceId?.startsWith('Good')).map((e) => e.ResourceStatus)).toEqual(
      expect.arrayContaining(['CREATE_COMPLETE', 'DELETE_COMPLETE']),
    );
    expect(await liveVms('fail-delete')).toEqual([]);
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'fail-delete' }))).rejects.toMatchObject({
      message: 'Stack with id fail-delete does not exist',
    });
  }, 240_000);

  it('OnFailure DO_NOTHING keeps what was made: CREATE_FAILED, DisableRollback shown true; a delete then removes it', async () => {
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(
      new CreateStackCommand({ StackName: 'fail-keep', TemplateBody: MISSING_IMAGE_JSON, OnFailure: 'DO_NOTHING' }),
    );
    expect(await settledStatus(cfn, 'fail-keep', 240_000)).toBe('CREATE_FAILED');
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'fail-keep' }))).Stacks!;
    expect(stack).toMatchObject({
      DisableRollback: true,
      StackStatusReason: 'The following resource(s) failed to create: [Broken]. ',
    });
    expect((await liveVms('fail-keep')).map((vm) => vm.state)).toEqual(['Running', 'Running']);

    await cfn.send(new DeleteStackCommand({ StackName: 'fail-keep' }));
    await untilDeleted(cfn, StackId!);
    expect(await liveVms('fail-keep')).toEqual([]);
  }, 240_000);

  it('TimeoutInMinutes: a create still running fails ("Resource creation cancelled"), rolls back, and leaks nothing', async () => {
    const cfn = system.cloudFormation();
    // The VM's deploy job stays pending past the one-minute timeout, so the VM is being made when time runs out.
    await setFaults({ jobDuration: { deployVirtualMachine: { min: 80_000, max: 80_000 } } });
    try {
      await cfn.send(
        new CreateStackCommand({ StackName: 'overdue', TemplateBody: QUICK_AND_SLOW, TimeoutInMinutes: 1 }),
      );
      const [created] = (await cfn.send(new DescribeStacksCommand({ StackName: 'overdue' }))).Stacks!;
      expect(created.TimeoutInMinutes).toBe(1);
      expect(await settledStatus(cfn, 'overdue', 300_000)).toBe('ROLLBACK_COMPLETE');
    } finally {
      await setFaults(null);
    }
    const events = await eventsOf(cfn, 'overdue');
    expect(stackEvents(events, 'overdue')).toEqual([
      ['CREATE_IN_PROGRESS', 'User Initiated'],
      ['ROLLBACK_IN_PROGRESS', 'Stack creation time exceeded the specified timeout. Rollback requested by user.'],
      ['ROLLBACK_COMPLETE', null],
    ]);
    const slow = events
      .filter((e) => e.LogicalResourceId === 'Slow')
      .map((e) => [e.ResourceStatus, e.ResourceStatusReason ?? null]);
    expect(slow).toEqual([
      ['CREATE_IN_PROGRESS', null],
      ['CREATE_FAILED', 'Resource creation cancelled'],
      ['DELETE_IN_PROGRESS', null],
      ['DELETE_COMPLETE', null],
    ]);
    // It was deleted as the VM the provisioner made, not skipped as if nothing had been made.
    expect(
      events.find((e) => e.LogicalResourceId === 'Slow' && e.ResourceStatus === 'DELETE_IN_PROGRESS')
        ?.PhysicalResourceId,
    ).toMatch(/^[0-9a-f-]{36}$/);
    expect(events.filter((e) => e.LogicalResourceId === 'Quick').map((e) => e.ResourceStatus)).toEqual([
      'CREATE_IN_PROGRESS',
      'CREATE_COMPLETE',
      'DELETE_IN_PROGRESS',
      'DELETE_COMPLETE',
    ]);
    // The VM the provisioner was still making when the create was cancelled was removed once it existed.
    expect(await liveVms('overdue')).toEqual([]);
    const groups = await system
      .cloudStack()
      .listAll<{ tags: Array<{ key: string; value: string }> }>(
        'listSecurityGroups',
        { listall: true },
        'securitygroup',
      );
    expect(groups.filter((g) => g.tags?.some((t) => t.key === 'cfn:stack-name' && t.value === 'overdue'))).toEqual([]);
  }, 360_000);
});
