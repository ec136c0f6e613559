import {
  ResourceCreateFailed,
  ResourceCreateRequested,
  ResourceCreateRequestedV1,
  ResourceCreateSucceeded,
  ResourceDeleteRequested,
  ResourceDeleteRequestedV1,
  ResourceDeleteSucceeded,
  StackDeleteRequested,
  StackStatusChanged,
  TemplateValidated,
} from '@cfn/contracts';
import { newId } from '@cfn/runtime';
import { Logger } from '@nestjs/common';

import { PlannerInProcess } from '../testing/planner-in-process';

const GROUP = 'AWS::EC2::SecurityGroup';
const group = (dependsOn?: string[]) => ({
  Type: GROUP,
  Properties: { GroupDescription: 'spec' },
  ...(dependsOn ? { DependsOn: dependsOn } : {}),
});
/** A diamond: B and C depend on A, D on B and C. */
const DIAMOND = { Resources: { A: group(), B: group(['A']), C: group(['A']), D: group(['B', 'C']) } };

const logicalIds = (requests: Array<{ logicalId: string }>) => requests.map((request) => request.logicalId).sort();

describe('StackEngine passes (in process)', () => {
  let planner: PlannerInProcess;
  let stackId: string;

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  beforeEach(async () => {
    planner = await PlannerInProcess.start();
    stackId = newId();
  });
  afterEach(() => planner.close());

  async function createStack(
    template: Record<string, unknown>,
    options: { disableRollback?: boolean } = {},
  ): Promise<void> {
    await planner.send(TemplateValidated, {
      stackId,
      stackArn: `arn:aws:cloudformation:zone-1:acct:stack/spec/${stackId}`,
      stackName: 'spec',
      accountId: 'acct',
      region: 'zone-1',
      template,
      parameters: {},
      noEchoParameters: [],
      tags: [],
      disableRollback: options.disableRollback ?? false,
    });
  }

  const created = (request: ResourceCreateRequestedV1) =>
    planner.send(ResourceCreateSucceeded, {
      operationId: request.operationId,
      stackId,
      logicalId: request.logicalId,
      physicalId: `sg-${request.logicalId}`,
      attributes: {},
    });
  const deleted = (request: ResourceDeleteRequestedV1) =>
    planner.send(ResourceDeleteSucceeded, {
      operationId: request.operationId,
      stackId,
      logicalId: request.logicalId,
    });
  const stackStatus = () => planner.repository.stack(stackId)?.status;
  const statuses = () =>
    Object.fromEntries(planner.repository.rowsOf(stackId).map((row) => [row.logicalId, row.status]));

  it('creates a diamond in dependency order: A, then B and C together, then D', async () => {
    await createStack(DIAMOND);
    const [a] = planner.take(ResourceCreateRequested);
    expect(logicalIds([a])).toEqual(['A']);
    expect(planner.take(ResourceCreateRequested)).toEqual([]);

    await created(a);
    const middle = planner.take(ResourceCreateRequested);
    expect(logicalIds(middle)).toEqual(['B', 'C']);

    await created(middle[0]);
    expect(planner.take(ResourceCreateRequested)).toEqual([]);
    await created(middle[1]);
    const [d] = planner.take(ResourceCreateRequested);
    expect(d.logicalId).toBe('D');

    await created(d);
    expect(stackStatus()).toBe('CREATE_COMPLETE');
    expect(planner.repository.stack(stackId)?.incompleteResources).toBe(0);
    expect(planner.take(StackStatusChanged).map((change) => change.status)).toEqual([
      'CREATE_IN_PROGRESS',
      'CREATE_COMPLETE',
    ]);
  });

  it('rolls a failed create back, deleting what was made in reverse dependency order, to ROLLBACK_COMPLETE', async () => {
    await createStack(DIAMOND);
    await created(planner.take(ResourceCreateRequested)[0]);
    const [b, c] = planner.take(ResourceCreateRequested).sort((x, y) => x.logicalId.localeCompare(y.logicalId));
    await created(b);
    await planner.send(ResourceCreateFailed, {
      operationId: c.operationId,
      stackId,
      logicalId: 'C',
      reason: 'no capacity',
      physicalId: null,
    });

    expect(stackStatus()).toBe('ROLLBACK_IN_PROGRESS');
    expect(planner.repository.stack(stackId)?.statusReason).toMatch(
      /^The following resource\(s\) failed to create: \[C\]/,
    );
    // D never started and C made nothing: only B (A's dependant) is deleted first.
    const first = planner.take(ResourceDeleteRequested);
    expect(first.map((request) => [request.logicalId, request.physicalId])).toEqual([['B', 'sg-B']]);
    expect(statuses()).toMatchObject({ A: 'CREATE_COMPLETE', B: 'DELETE_IN_PROGRESS', C: 'DELETE_COMPLETE', D: null });

    await deleted(first[0]);
    const second = planner.take(ResourceDeleteRequested);
    expect(second.map((request) => request.logicalId)).toEqual(['A']);
    await deleted(second[0]);

    expect(stackStatus()).toBe('ROLLBACK_COMPLETE');
    expect(planner.take(StackStatusChanged).map((change) => change.status)).toEqual([
      'CREATE_IN_PROGRESS',
      'ROLLBACK_IN_PROGRESS',
      'ROLLBACK_COMPLETE',
    ]);
  });

  it('keeps what was made when rollback is disabled, and settles CREATE_FAILED once nothing is in flight', async () => {
    await createStack({ Resources: { A: group(), B: group() } }, { disableRollback: true });
    const [a, b] = planner.take(ResourceCreateRequested).sort((x, y) => x.logicalId.localeCompare(y.logicalId));
    await planner.send(ResourceCreateFailed, {
      operationId: a.operationId,
      stackId,
      logicalId: 'A',
      reason: 'quota',
      physicalId: null,
    });
    expect(stackStatus()).toBe('CREATE_IN_PROGRESS');

    await created(b);

    expect(stackStatus()).toBe('CREATE_FAILED');
    expect(planner.take(ResourceDeleteRequested)).toEqual([]);
  });

  it('deletes a stack dependants first, and ignores a stale copy of an outcome', async () => {
    await createStack(DIAMOND);
    for (
      let requests = planner.take(ResourceCreateRequested);
      requests.length > 0;
      requests = planner.take(ResourceCreateRequested)
    ) {
      for (const request of requests) await created(request);
    }
    await planner.send(StackDeleteRequested, { stackId, requestedAt: new Date().toISOString() });
    expect(stackStatus()).toBe('DELETE_IN_PROGRESS');
    const [d] = planner.take(ResourceDeleteRequested);
    expect(d.logicalId).toBe('D');
    await deleted(d);
    await deleted(d);
    const middle = planner.take(ResourceDeleteRequested);
    expect(logicalIds(middle)).toEqual(['B', 'C']);
    for (const request of middle) await deleted(request);
    const [a] = planner.take(ResourceDeleteRequested);
    expect(a.logicalId).toBe('A');
    await deleted(a);

    expect(stackStatus()).toBe('DELETE_COMPLETE');
  });
});
