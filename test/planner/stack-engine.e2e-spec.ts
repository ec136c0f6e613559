import { randomUUID } from 'node:crypto';

import { DataSource, EntityManager } from 'typeorm';

import { ResourceOutcomesController } from '../../apps/planner/src/resource-outcomes/resource-outcomes.controller';
import { StackCreationController } from '../../apps/planner/src/stack-creation/stack-creation.controller';
import { StackDeletionController } from '../../apps/planner/src/stack-deletion/stack-deletion.controller';
import { ResourceRowCache } from '../../apps/planner/src/stack-engine/resource-row-cache';
import { StackRepository } from '../../apps/planner/src/stack-engine/stack-repository';
import { StackStatusWriter } from '../../apps/planner/src/stack-engine/stack-status-writer';
import { MessageValidator, TemplateValidatedV1 } from '../../libs/contracts/src';
import { IncomingMessageMeta, OutboxRelay, OutboxWriter, RabbitContext, UnitOfWork } from '../../libs/messaging/src';
import { Stack, StackResource } from '../../libs/persistence/src';
import { plannerWithoutBroker } from '../support/planner-without-broker';
import { ScratchDatabase, scratchDatabase } from '../support/scratch-database';

/**
 * The planner's state machine against real MySQL, driven message by message (no broker): what it asks the
 * provisioner to do, in which order, and how it treats duplicate and stale outcomes.
 */
describe('planner stack engine', () => {
  let scratch: ScratchDatabase;
  let dataSource: DataSource;
  let creation: StackCreationController;
  let deletion: StackDeletionController;
  let outcomes: ResourceOutcomesController;
  let unitOfWork: UnitOfWork;
  let repository: StackRepository;
  let writer: StackStatusWriter;

  beforeAll(async () => {
    scratch = await scratchDatabase('planner', { poolSize: 4 });
    dataSource = scratch.dataSource;
    const relay = { kick: () => undefined } as unknown as OutboxRelay;
    unitOfWork = new UnitOfWork('planner', dataSource, new OutboxWriter('planner', new MessageValidator()), relay);
    const planner = await plannerWithoutBroker(unitOfWork);
    repository = planner.get(StackRepository);
    writer = planner.get(StackStatusWriter);
    creation = planner.get(StackCreationController);
    deletion = planner.get(StackDeletionController);
    outcomes = planner.get(ResourceOutcomesController);
  });

  afterAll(async () => {
    await scratch.drop();
  });

  const ctx = (routingKey: string) =>
    new RabbitContext([
      {
        messageId: randomUUID(),
        routingKey,
        correlationId: null,
        causationId: null,
        producer: 'test',
        attempt: 0,
      } satisfies IncomingMessageMeta,
    ]);

  interface Published {
    routingKey: string;
    payload: { logicalId?: string; operationId?: string; status?: string; physicalId?: string | null };
  }
  /** Takes (and clears) what the planner queued for the provisioner and others since the last call. */
  async function drainOutbox(): Promise<Published[]> {
    const rows: Array<{ routing_key: string; payload: string }> = await dataSource.query(
      'SELECT routing_key, payload FROM planner_outbox ORDER BY id',
    );
    await dataSource.query('DELETE FROM planner_outbox');
    return rows.map((row) => ({ routingKey: row.routing_key, payload: JSON.parse(row.payload) }));
  }
  const requested = (messages: Published[], kind: 'create' | 'delete') =>
    messages
      .filter((m) => m.routingKey === `resource.${kind}.requested.v1`)
      .map((m) => m.payload.logicalId)
      .sort();
  const statuses = (messages: Published[]) =>
    messages.filter((m) => m.routingKey === 'stack.status.changed.v1').map((m) => m.payload.status);

  async function newStack(resources: Record<string, unknown>, outputs: Record<string, unknown> = {}) {
    const stackId = randomUUID();
    const event: TemplateValidatedV1 = {
      stackId,
      stackArn: `arn:aws:cloudformation:r:123456789012:stack/s/${stackId}`,
      stackName: `s${stackId.slice(0, 8)}`,
      accountId: '123456789012',
      region: 'r',
      template: { Resources: resources, Outputs: outputs },
      parameters: {},
      noEchoParameters: [],
      tags: [],
      disableRollback: false,
    };
    await creation.onTemplateValidated(event, ctx('template.validated.v1'));
    return { stackId, first: await drainOutbox() };
  }

  const ops = new Map<string, string>();
  function remember(messages: Published[]) {
    for (const m of messages)
      if (m.payload.operationId && m.payload.logicalId) ops.set(m.payload.logicalId, m.payload.operationId);
  }
  const created = (stackId: string, logicalId: string, operationId = ops.get(logicalId)!) =>
    outcomes.onCreateSucceeded(
      {
        stackId,
        logicalId,
        operationId,
        physicalId: `vm-${logicalId}`,
        attributes: { PrivateIp: `10.0.0.${logicalId.length}` },
      },
      ctx('resource.create.succeeded.v1'),
    );
  const deleted = (stackId: string, logicalId: string) =>
    outcomes.onDeleteSucceeded(
      { stackId, logicalId, operationId: ops.get(logicalId)! },
      ctx('resource.delete.succeeded.v1'),
    );
  const stackStatus = async (stackId: string) =>
    (await dataSource.getRepository(Stack).findOneByOrFail({ id: stackId })).status;

  const vm = (extra: Record<string, unknown> = {}) => ({
    Type: 'AWS::EC2::Instance',
    Properties: { ImageId: 'debian-12' },
    ...extra,
  });
  const chain = {
    A: vm(),
    B: vm({ Properties: { ImageId: 'debian-12', UserData: { 'Fn::GetAtt': ['A', 'PrivateIp'] } } }),
    C: vm({ DependsOn: 'B' }),
    D: vm(),
  };

  it('starts what is ready, ignores duplicate and stale outcomes, and completes with outputs', async () => {
    const { stackId, first } = await newStack(chain, { BAddress: { Value: { 'Fn::GetAtt': ['B', 'PrivateIp'] } } });
    remember(first);
    expect(requested(first, 'create')).toEqual(['A', 'D']);
    expect(statuses(first)).toEqual(['CREATE_IN_PROGRESS']);

    await created(stackId, 'A');
    let next = await drainOutbox();
    remember(next);
    expect(requested(next, 'create')).toEqual(['B']);
    const bRequest = next.find((m) => m.payload.logicalId === 'B')!.payload as { properties?: Record<string, unknown> };
    expect(bRequest.properties).toEqual({ ImageId: 'debian-12', UserData: '10.0.0.1' });

    await created(stackId, 'A'); // the same outcome again, under a new message id
    await created(stackId, 'B', randomUUID()); // an outcome of an attempt the planner is not waiting for
    expect(await drainOutbox()).toEqual([]);

    await created(stackId, 'B');
    next = await drainOutbox();
    remember(next);
    expect(requested(next, 'create')).toEqual(['C']);
    await created(stackId, 'C');
    await created(stackId, 'D');
    expect(statuses(await drainOutbox())).toEqual(['CREATE_COMPLETE']);
    const stack = await dataSource.getRepository(Stack).findOneByOrFail({ id: stackId });
    expect(stack.outputs).toEqual([{ OutputKey: 'BAddress', OutputValue: '10.0.0.1' }]);

    // Delete in reverse dependency order: C and D first, then B, then A.
    await deletion.onDeleteRequested(
      { stackId, requestedAt: new Date().toISOString() },
      ctx('stack.delete.requested.v1'),
    );
    next = await drainOutbox();
    remember(next);
    expect(requested(next, 'delete')).toEqual(['C', 'D']);
    await deleted(stackId, 'C');
    next = await drainOutbox();
    remember(next);
    expect(requested(next, 'delete')).toEqual(['B']);
    await deleted(stackId, 'D');
    await deleted(stackId, 'B');
    next = await drainOutbox();
    remember(next);
    expect(requested(next, 'delete')).toEqual(['A']);
    await deleted(stackId, 'A');
    expect(statuses(await drainOutbox())).toEqual(['DELETE_COMPLETE']);
  });

  it('rolls back after a failure, waiting for creates still in flight', async () => {
    const { stackId, first } = await newStack(chain);
    remember(first);
    await created(stackId, 'A');
    remember(await drainOutbox());
    await outcomes.onCreateFailed(
      { stackId, logicalId: 'B', operationId: ops.get('B')!, reason: 'no capacity', physicalId: null },
      ctx('resource.create.failed.v1'),
    );
    let next = await drainOutbox();
    remember(next);
    expect(statuses(next)).toEqual(['ROLLBACK_IN_PROGRESS']);
    // A can go (B, its dependant, never made anything); D is still being created and is waited for.
    expect(requested(next, 'delete')).toEqual(['A']);
    await deleted(stackId, 'A');
    expect(await stackStatus(stackId)).toBe('ROLLBACK_IN_PROGRESS');
    await drainOutbox();
    await created(stackId, 'D');
    next = await drainOutbox();
    remember(next);
    expect(requested(next, 'delete')).toEqual(['D']);
    await deleted(stackId, 'D');
    expect(statuses(await drainOutbox())).toEqual(['ROLLBACK_COMPLETE']);
    const resources = await dataSource.getRepository(StackResource).findBy({ stackId });
    expect(Object.fromEntries(resources.map((r) => [r.logicalId, r.status]))).toEqual({
      A: 'DELETE_COMPLETE',
      B: 'DELETE_COMPLETE',
      C: null,
      D: 'DELETE_COMPLETE',
    });
  });

  it('ends DELETE_FAILED when a delete fails, and a second DeleteStack tries it again', async () => {
    const { stackId, first } = await newStack({ Only: vm() });
    remember(first);
    await created(stackId, 'Only');
    await drainOutbox();
    await deletion.onDeleteRequested(
      { stackId, requestedAt: new Date().toISOString() },
      ctx('stack.delete.requested.v1'),
    );
    remember(await drainOutbox());
    await outcomes.onDeleteFailed(
      { stackId, logicalId: 'Only', operationId: ops.get('Only')!, reason: 'cloud said no' },
      ctx('resource.delete.failed.v1'),
    );
    expect(statuses(await drainOutbox())).toEqual(['DELETE_FAILED']);
    await deletion.onDeleteRequested(
      { stackId, requestedAt: new Date().toISOString() },
      ctx('stack.delete.requested.v1'),
    );
    const retry = await drainOutbox();
    remember(retry);
    expect(requested(retry, 'delete')).toEqual(['Only']);
    await deleted(stackId, 'Only');
    expect(statuses(await drainOutbox())).toEqual(['DELETE_COMPLETE']);
  });

  it('applies outcomes arriving together with one read of their rows', async () => {
    const { stackId, first } = await newStack({ P: vm(), Q: vm(), R: vm(), S: vm() });
    remember(first);
    const reads = jest.spyOn(EntityManager.prototype, 'findOneBy');
    const batchReads = jest.spyOn(EntityManager.prototype, 'find');
    try {
      // The four arrive in one turn of the event loop: one transaction applies them all, after one read of their rows.
      await Promise.all(['P', 'Q', 'R', 'S'].map((logicalId) => created(stackId, logicalId)));
      expect(reads.mock.calls.filter(([target]) => target === StackResource)).toHaveLength(0);
      const byLogicalIds = batchReads.mock.calls.filter(
        ([target, options]) =>
          target === StackResource && (options as { where?: { logicalId?: unknown } })?.where?.logicalId !== undefined,
      );
      expect(byLogicalIds).toHaveLength(1);
    } finally {
      reads.mockRestore();
      batchReads.mockRestore();
    }
    expect(statuses(await drainOutbox())).toEqual(['CREATE_COMPLETE']);
    const resources = await dataSource.getRepository(StackResource).findBy({ stackId });
    expect(resources.map((r) => `${r.logicalId} ${r.status} ${r.physicalId}`).sort()).toEqual(
      ['P', 'Q', 'R', 'S'].map((id) => `${id} CREATE_COMPLETE vm-${id}`),
    );
  });

  it('keeps rows read together only while nothing but their own updates writes stack_resources', async () => {
    const { stackId, first } = await newStack({ K: vm(), L: vm(), M: vm() });
    remember(first);
    await unitOfWork.run(null, async (tx) => {
      const stack = (await repository.lockStack(tx, stackId))!;
      ResourceRowCache.prime(tx, await tx.manager.findBy(StackResource, { stackId }));
      const k = (await repository.resource(tx, stackId, 'K'))!;
      expect(ResourceRowCache.get(tx, stackId, 'K')).toBe(k);
      // An update through the cached object keeps it, and the object shows the new state.
      await writer.setResourceStatus(tx, stack, k, 'CREATE_COMPLETE', null, { physicalId: 'vm-K' });
      expect(await repository.resource(tx, stackId, 'K')).toBe(k);
      expect(k.status).toBe('CREATE_COMPLETE');
      // An update through another copy of L's row drops the cached copy of L only.
      const otherL = await tx.manager.findOneByOrFail(StackResource, { stackId, logicalId: 'L' });
      await writer.setResourceStatus(tx, stack, otherL, 'CREATE_FAILED', 'no capacity');
      expect(ResourceRowCache.get(tx, stackId, 'L')).toBeUndefined();
      expect((await repository.resource(tx, stackId, 'L'))!.status).toBe('CREATE_FAILED');
      expect(ResourceRowCache.get(tx, stackId, 'M')).toBeDefined();
      // Any other write to the table drops every cached row.
      await tx.manager.update(StackResource, { stackId, logicalId: 'M' }, { statusReason: 'written elsewhere' });
      expect(ResourceRowCache.get(tx, stackId, 'M')).toBeUndefined();
      expect(ResourceRowCache.get(tx, stackId, 'K')).toBeUndefined();
      expect((await repository.resource(tx, stackId, 'M'))!.statusReason).toBe('written elsewhere');
    });
  });

  it("starts a large stack's first 100 resources in a transaction of their own, the rest in the one it asks for", async () => {
    const resources = Object.fromEntries(
      Array.from({ length: 250 }, (_, i) => [`V${String(i).padStart(3, '0')}`, vm()]),
    );
    const { stackId, first } = await newStack(resources);
    const continued = (messages: Published[]) => messages.filter((m) => m.routingKey === 'stack.creation.continued.v1');
    expect(requested(first, 'create')).toEqual(Object.keys(resources).slice(0, 100));
    expect(continued(first)).toEqual([{ routingKey: 'stack.creation.continued.v1', payload: { stackId } }]);

    await creation.onCreationContinued({ stackId }, ctx('stack.creation.continued.v1'));
    const second = await drainOutbox();
    expect(requested(second, 'create')).toEqual(Object.keys(resources).slice(100));
    expect(continued(second)).toEqual([]);
    // A further copy of the message starts nothing: every resource is already in progress.
    await creation.onCreationContinued({ stackId }, ctx('stack.creation.continued.v1'));
    expect(await drainOutbox()).toEqual([]);
    const inProgress = await dataSource.getRepository(StackResource).countBy({ stackId, status: 'CREATE_IN_PROGRESS' });
    expect(inProgress).toBe(250);
  });

  it('starts a stack of up to 100 ready resources in one transaction, asking for no continuation', async () => {
    const resources = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`W${String(i).padStart(3, '0')}`, vm()]),
    );
    const { first } = await newStack(resources);
    expect(requested(first, 'create')).toHaveLength(100);
    expect(first.filter((m) => m.routingKey === 'stack.creation.continued.v1')).toEqual([]);
  });

  it('a resource whose properties cannot be evaluated fails and the stack rolls back', async () => {
    const { stackId, first } = await newStack({
      Bad: vm({ Properties: { ImageId: { 'Fn::Select': ['5', ['a', 'b']] } } }),
    });
    expect(requested(first, 'create')).toEqual([]);
    expect(statuses(first)).toEqual(['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
    const [bad] = await dataSource.getRepository(StackResource).findBy({ stackId });
    expect(bad.status).toBe('DELETE_COMPLETE');
  });
});
