import { CloudStackApiError, CloudStackErrorCode, OwnerClients } from '@cfn/cloudstack';
import { ResourceCreateRequestedV1, ResourceDeleteRequestedV1, ResourceUpdateRequestedV1 } from '@cfn/contracts';
import { ResourceRegistry, ResourceTypePlugin, VirtualMachineFailedError } from '@cfn/resources';
import { Logger } from '@nestjs/common';

import { PrivateKeyVault } from '../key-pairs/private-key-vault';
import { StackAccessProvider } from '../stack-keys/stack-access.provider';
import { InMemoryCloudOperationStore, InMemoryOperationLeases } from '../testing/in-memory-cloud-operations';
import { ResourceOperator, TransientCloudFailure } from './resource-operator';

const TYPE = 'Test::Cloud::Thing';
const OWNER = { userId: 'user-1', accountId: 'account-1', accountName: 'alice', domainId: 'domain-1' };

function plugin(overrides: Partial<ResourceTypePlugin> = {}): jest.Mocked<ResourceTypePlugin> {
  return {
    type: TYPE,
    propertiesSchema: {},
    attributes: [],
    findExisting: jest.fn(async () => null),
    create: jest.fn(async () => ({ physicalId: 'made-1', attributes: { Ip: '10.0.0.1' } })),
    delete: jest.fn(async () => undefined),
    ...overrides,
  } as jest.Mocked<ResourceTypePlugin>;
}

function setUp(thing: ResourceTypePlugin = plugin()) {
  const store = new InMemoryCloudOperationStore();
  const leases = new InMemoryOperationLeases(store);
  const clients = { forOwner: jest.fn(async () => ({})), forCleanUp: jest.fn(async () => ({})), forget: jest.fn() };
  const operator = new ResourceOperator(
    store,
    clients as unknown as OwnerClients,
    new ResourceRegistry([thing]),
    { forStack: () => undefined } as unknown as StackAccessProvider,
    { forResource: () => undefined } as unknown as PrivateKeyVault,
    leases,
  );
  return { operator, store, leases, clients };
}

const ids = {
  stackId: '11111111-1111-4111-8111-111111111111',
  stackName: 'demo',
  accountId: 'acct',
  region: 'zone-1',
  resourceType: TYPE,
};
const createRequest = (more: Partial<ResourceCreateRequestedV1> = {}): ResourceCreateRequestedV1 => ({
  ...ids,
  operationId: 'op-create',
  logicalId: 'Thing',
  properties: { Size: 1 },
  ...more,
});
const deleteRequest = (more: Partial<ResourceDeleteRequestedV1> = {}): ResourceDeleteRequestedV1 => ({
  ...ids,
  operationId: 'op-delete',
  logicalId: 'Thing',
  physicalId: 'made-1',
  properties: {},
  ...more,
});
const updateRequest = (): ResourceUpdateRequestedV1 => ({
  ...ids,
  operationId: 'op-update',
  logicalId: 'Thing',
  physicalId: 'made-1',
  properties: { Size: 2 },
  previousProperties: { Size: 1 },
});

const throttled = () =>
  new CloudStackApiError('deployVirtualMachine', CloudStackErrorCode.API_LIMIT_EXCEED, 'slow down');

describe('ResourceOperator', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  describe('create', () => {
    it('creates a fresh intent without searching for an earlier attempt, and records the outcome', async () => {
      const thing = plugin();
      const { operator, store } = setUp(thing);

      const outcome = await operator.create(createRequest(), false);

      expect(outcome).toEqual({ kind: 'created', physicalId: 'made-1', attributes: { Ip: '10.0.0.1' } });
      expect(thing.findExisting).not.toHaveBeenCalled();
      expect(thing.create).toHaveBeenCalledWith(expect.objectContaining({ logicalId: 'Thing' }), { Size: 1 });
      expect(store.rows.get('op-create')).toMatchObject({
        status: 'SUCCEEDED',
        physicalId: 'made-1',
        leaseOwner: null,
      });
    });

    it('takes over an abandoned intent and adopts what the earlier attempt made', async () => {
      const thing = plugin({ findExisting: jest.fn(async () => ({ physicalId: 'earlier-1', attributes: {} })) });
      const { operator, store, leases } = setUp(thing);
      store.put({ operationId: 'op-create', action: 'CREATE', status: 'IN_PROGRESS', leaseOwner: 'dead-worker' });
      leases.expired.add('dead-worker');

      const outcome = await operator.create(createRequest(), false);

      expect(outcome).toEqual({ kind: 'created', physicalId: 'earlier-1', attributes: {} });
      expect(thing.create).not.toHaveBeenCalled();
    });

    it('does not take the object a replacement replaces for its own earlier attempt', async () => {
      const thing = plugin({ findExisting: jest.fn(async () => ({ physicalId: 'old-1', attributes: {} })) });
      const { operator, store, leases } = setUp(thing);
      store.put({ operationId: 'op-create', action: 'CREATE', status: 'PENDING', leaseOwner: 'dead-worker' });
      leases.expired.add('dead-worker');

      const outcome = await operator.create(
        createRequest({ replacement: { physicalId: 'old-1', generation: 2 } }),
        false,
      );

      expect(outcome).toMatchObject({ kind: 'created', physicalId: 'made-1' });
      expect(thing.create).toHaveBeenCalledWith(expect.objectContaining({ generation: 2 }), { Size: 1 });
    });

    it('throws a transient failure to be retried, handing the lease back', async () => {
      const { operator, store, leases } = setUp(
        plugin({
          create: jest.fn(async () => {
            throw throttled();
          }),
        }),
      );

      await expect(operator.create(createRequest(), false)).rejects.toBeInstanceOf(TransientCloudFailure);

      expect(store.rows.get('op-create')).toMatchObject({ status: 'PENDING', leaseOwner: null });
      expect(leases.heldKeys()).toEqual([]);
    });

    it('reports a transient failure on the final attempt as the create failing', async () => {
      const { operator, store } = setUp(
        plugin({
          create: jest.fn(async () => {
            throw throttled();
          }),
        }),
      );

      const outcome = await operator.create(createRequest(), true);

      expect(outcome).toEqual({ kind: 'create-failed', reason: 'CloudStack error 429: slow down', physicalId: null });
      expect(store.rows.get('op-create')).toMatchObject({ status: 'FAILED', error: 'CloudStack error 429: slow down' });
    });

    it('fails at once on a permanent failure, keeping the id of a VM that failed to start', async () => {
      const { operator } = setUp(
        plugin({
          create: jest.fn(async () => {
            throw new VirtualMachineFailedError('vm-9', 'no capacity');
          }),
        }),
      );

      const outcome = await operator.create(createRequest(), false);

      expect(outcome).toEqual({ kind: 'create-failed', reason: 'no capacity', physicalId: 'vm-9' });
    });

    it("forgets an owner's refused keys and retries with keys fetched anew", async () => {
      const refused = new CloudStackApiError(
        'deployVirtualMachine',
        CloudStackErrorCode.UNAUTHORIZED,
        'unable to verify user credentials',
      );
      const { operator, clients } = setUp(
        plugin({
          create: jest.fn(async () => {
            throw refused;
          }),
        }),
      );

      await expect(operator.create(createRequest({ owner: OWNER }), false)).rejects.toBeInstanceOf(
        TransientCloudFailure,
      );

      expect(clients.forget).toHaveBeenCalledWith('user-1');
      expect(clients.forOwner).toHaveBeenCalledWith(OWNER);
    });

    it('fails a type it has no plugin for without recording anything', async () => {
      const { operator, store } = setUp();

      const outcome = await operator.create(createRequest({ resourceType: 'Nobody::Knows::This' }), false);

      expect(outcome).toEqual({
        kind: 'create-failed',
        reason: 'Unsupported resource type Nobody::Knows::This',
        physicalId: null,
      });
      expect(store.rows.size).toBe(0);
    });
  });

  describe('a second copy of a request', () => {
    it("reports the holder's outcome once the holder finishes, without calling the cloud", async () => {
      const thing = plugin();
      const { operator, store, leases } = setUp(thing);
      store.put({ operationId: 'op-create', action: 'CREATE', status: 'IN_PROGRESS', leaseOwner: 'live-worker' });
      leases.onWait = () =>
        Object.assign(store.rows.get('op-create')!, {
          status: 'SUCCEEDED',
          physicalId: 'theirs-1',
          attributes: {},
          leaseOwner: null,
        });

      const outcome = await operator.create(createRequest(), false);

      expect(outcome).toEqual({ kind: 'created', physicalId: 'theirs-1', attributes: {} });
      expect(thing.findExisting).not.toHaveBeenCalled();
      expect(thing.create).not.toHaveBeenCalled();
    });

    it('reports an outcome recorded before it arrived at once', async () => {
      const { operator, store } = setUp();
      store.put({ operationId: 'op-delete', action: 'DELETE', status: 'FAILED', error: 'in use' });

      expect(await operator.delete(deleteRequest(), false)).toEqual({ kind: 'delete-failed', reason: 'in use' });
    });
  });

  describe('delete', () => {
    it('deletes a resource that was never made without calling the cloud', async () => {
      const thing = plugin();
      const { operator, store } = setUp(thing);

      expect(await operator.delete(deleteRequest({ physicalId: null }), false)).toEqual({ kind: 'deleted' });

      expect(thing.delete).not.toHaveBeenCalled();
      expect(store.rows.get('op-delete')).toMatchObject({ status: 'SUCCEEDED' });
    });

    it('keeps a snapshot before deleting under DeletionPolicy Snapshot, as the clean-up user', async () => {
      const calls: string[] = [];
      const thing = plugin({
        snapshot: jest.fn(async () => {
          calls.push('snapshot');
          return 'snap-1';
        }),
        delete: jest.fn(async () => {
          calls.push('delete');
        }),
      });
      const { operator, clients } = setUp(thing);

      expect(await operator.delete(deleteRequest({ deletionPolicy: 'Snapshot', owner: OWNER }), false)).toEqual({
        kind: 'deleted',
      });

      expect(calls).toEqual(['snapshot', 'delete']);
      expect(thing.snapshot).toHaveBeenCalledWith(expect.anything(), 'made-1');
      expect(clients.forCleanUp).toHaveBeenCalledWith(OWNER);
    });

    it('deletes without a snapshot when no DeletionPolicy asks for one', async () => {
      const thing = plugin({ snapshot: jest.fn(async () => 'snap-1') });
      const { operator } = setUp(thing);

      await operator.delete(deleteRequest(), false);

      expect(thing.snapshot).not.toHaveBeenCalled();
      expect(thing.delete).toHaveBeenCalledWith(expect.anything(), 'made-1', {});
    });
  });

  describe('update', () => {
    it('fails an in-place update of a type that has none', async () => {
      const { operator, store } = setUp(plugin());

      const outcome = await operator.update(updateRequest(), false);

      expect(outcome).toEqual({ kind: 'update-failed', reason: `Resource type ${TYPE} cannot be updated in place` });
      expect(store.rows.get('op-update')).toMatchObject({ status: 'FAILED', action: 'UPDATE' });
    });

    it("applies the change through the plugin's update", async () => {
      const thing = plugin({ update: jest.fn(async () => ({ physicalId: 'made-1', attributes: { Size: 2 } })) });
      const { operator } = setUp(thing);

      expect(await operator.update(updateRequest(), false)).toEqual({
        kind: 'updated',
        physicalId: 'made-1',
        attributes: { Size: 2 },
      });
      expect(thing.update).toHaveBeenCalledWith(expect.anything(), 'made-1', { Size: 1 }, { Size: 2 });
    });
  });

  describe('resume', () => {
    it('carries out an abandoned operation from its stored request', async () => {
      const thing = plugin({ findExisting: jest.fn(async () => null) });
      const { operator, store, leases } = setUp(thing);
      store.put({
        operationId: 'op-create',
        action: 'CREATE',
        status: 'IN_PROGRESS',
        leaseOwner: 'dead-worker',
        request: createRequest(),
      });
      leases.expired.add('dead-worker');

      const resumed = await operator.resume('op-create');

      expect(resumed?.outcome).toMatchObject({ kind: 'created', physicalId: 'made-1' });
      expect(thing.findExisting).toHaveBeenCalled();
    });

    it('leaves an operation a live worker holds alone', async () => {
      const { operator, store } = setUp();
      store.put({
        operationId: 'op-create',
        action: 'CREATE',
        status: 'IN_PROGRESS',
        leaseOwner: 'live-worker',
        request: createRequest(),
      });

      expect(await operator.resume('op-create')).toBeNull();
    });
  });
});
