import {
  ResourceCreateFailed,
  ResourceCreateRequested,
  ResourceCreateRequestedV1,
  ResourceCreateSucceeded,
  ResourceDeleteRequested,
  ResourceDeleteSucceeded,
  ResourceUpdateRequested,
  ResourceUpdateSucceeded,
  StackStatusChanged,
  StackUpdateValidated,
  TemplateValidated,
} from '@cfn/contracts';
import { newId } from '@cfn/runtime';
import { Logger } from '@nestjs/common';

import { PlannerInProcess } from '../testing/planner-in-process';

const GROUP = 'AWS::EC2::SecurityGroup';
/** B names A in its Tags (updatable in place); A's GroupDescription can only change by replacement. */
const template = (description: string) => ({
  Resources: {
    A: { Type: GROUP, Properties: { GroupDescription: description } },
    B: { Type: GROUP, Properties: { GroupDescription: 'b', Tags: [{ Key: 'peer', Value: { Ref: 'A' } }] } },
  },
});

describe('StackUpdater and the update passes (in process)', () => {
  let planner: PlannerInProcess;
  let stackId: string;
  const identity = () => ({
    stackId,
    stackArn: `arn:aws:cloudformation:zone-1:acct:stack/spec/${stackId}`,
    stackName: 'spec',
    accountId: 'acct',
    region: 'zone-1',
  });

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  beforeEach(async () => {
    planner = await PlannerInProcess.start();
    stackId = newId();
    await planner.send(TemplateValidated, {
      ...identity(),
      template: template('one'),
      parameters: {},
      noEchoParameters: [],
      tags: [],
      disableRollback: false,
    });
    for (
      let requests = planner.take(ResourceCreateRequested);
      requests.length > 0;
      requests = planner.take(ResourceCreateRequested)
    ) {
      for (const request of requests) await made(request, `sg-${request.logicalId}`);
    }
    expect(stackStatus()).toBe('CREATE_COMPLETE');
    planner.take(StackStatusChanged);
  });
  afterEach(() => planner.close());

  const made = (request: ResourceCreateRequestedV1, physicalId: string) =>
    planner.send(ResourceCreateSucceeded, {
      operationId: request.operationId,
      stackId,
      logicalId: request.logicalId,
      physicalId,
      attributes: {},
    });
  const stackStatus = () => planner.repository.stack(stackId)?.status;
  const row = (logicalId: string) =>
    planner.repository.rowsOf(stackId).find((candidate) => candidate.logicalId === logicalId)!;
  const update = (description: string) =>
    planner.send(StackUpdateValidated, {
      ...identity(),
      version: 1,
      template: template(description),
      parameters: {},
      noEchoParameters: [],
      tags: [],
      disableRollback: false,
    });

  it('replaces a resource: makes the new object, repoints its dependant in place, deletes the old one in clean-up', async () => {
    await update('two');
    const [replacement] = planner.take(ResourceCreateRequested);
    expect(replacement).toMatchObject({
      logicalId: 'A',
      properties: { GroupDescription: 'two' },
      replacement: { physicalId: 'sg-A', generation: 1 },
    });
    expect(planner.take(ResourceUpdateRequested)).toEqual([]);

    await made(replacement, 'sg-A2');
    const [repoint] = planner.take(ResourceUpdateRequested);
    expect(repoint).toMatchObject({
      logicalId: 'B',
      physicalId: 'sg-B',
      properties: { Tags: [{ Key: 'peer', Value: 'sg-A2' }] },
    });
    expect(repoint.previousProperties).toMatchObject({ Tags: [{ Key: 'peer', Value: 'sg-A' }] });
    expect(planner.take(ResourceDeleteRequested)).toEqual([]);

    await planner.send(ResourceUpdateSucceeded, {
      operationId: repoint.operationId,
      stackId,
      logicalId: 'B',
      physicalId: 'sg-B',
      attributes: {},
    });
    expect(stackStatus()).toBe('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    const [retired] = planner.take(ResourceDeleteRequested);
    expect(retired).toMatchObject({ logicalId: 'A', physicalId: 'sg-A', properties: { GroupDescription: 'one' } });

    await planner.send(ResourceDeleteSucceeded, { operationId: retired.operationId, stackId, logicalId: 'A' });
    expect(stackStatus()).toBe('UPDATE_COMPLETE');
    expect(row('A')).toMatchObject({ physicalId: 'sg-A2', status: 'UPDATE_COMPLETE', retired: null, previous: null });
    expect(planner.take(StackStatusChanged).map((change) => change.status)).toEqual([
      'UPDATE_IN_PROGRESS',
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_COMPLETE',
    ]);
  });

  it('rolls back a replacement that failed: the old object stays, nothing is deleted', async () => {
    await update('two');
    const [replacement] = planner.take(ResourceCreateRequested);
    await planner.send(ResourceCreateFailed, {
      operationId: replacement.operationId,
      stackId,
      logicalId: 'A',
      reason: 'quota',
      physicalId: null,
    });

    expect(stackStatus()).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(row('A')).toMatchObject({ physicalId: 'sg-A', properties: { GroupDescription: 'one' } });
    expect(planner.take(ResourceDeleteRequested)).toEqual([]);
    expect(planner.take(ResourceUpdateRequested)).toEqual([]);
  });

  it('leaves an unchanged template alone: no request, UPDATE_COMPLETE at once', async () => {
    await update('one');
    expect(stackStatus()).toBe('UPDATE_COMPLETE');
    expect(planner.take(ResourceCreateRequested)).toEqual([]);
    expect(planner.take(ResourceUpdateRequested)).toEqual([]);
  });
});
