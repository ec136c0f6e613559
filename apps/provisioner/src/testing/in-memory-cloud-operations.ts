import { CloudOperation, LeaseOutcome } from '@cfn/persistence';

import { CloudOperationStore, OperationLeases } from '../resource-operations/cloud-operation-store';
import { IntentValues } from '../resource-operations/intent-writer';

const UNFINISHED = new Set(['PENDING', 'IN_PROGRESS']);

/** `cloud_operations` as a map, with the same lease condition on writes as the MySQL store. */
export class InMemoryCloudOperationStore implements CloudOperationStore {
  readonly rows = new Map<string, CloudOperation>();

  async writeIntent(values: IntentValues): Promise<boolean> {
    if (this.rows.has(values.operationId)) return false;
    this.rows.set(values.operationId, { ...values });
    return true;
  }

  async find(operationId: string): Promise<CloudOperation | null> {
    const row = this.rows.get(operationId);
    return row ? { ...row } : null;
  }

  async get(operationId: string): Promise<CloudOperation> {
    const row = await this.find(operationId);
    if (!row) throw new Error(`no cloud operation ${operationId}`);
    return row;
  }

  async updateLeased(operationId: string, owner: string, changes: Partial<CloudOperation>): Promise<boolean> {
    const row = this.rows.get(operationId);
    if (!row || row.leaseOwner !== owner) return false;
    Object.assign(row, changes);
    return true;
  }

  /** A row as another process left or is writing it. */
  put(row: Partial<CloudOperation> & Pick<CloudOperation, 'operationId'>): void {
    this.rows.set(row.operationId, {
      stackId: '',
      logicalId: '',
      resourceType: '',
      action: 'CREATE',
      status: 'PENDING',
      jobId: null,
      physicalId: null,
      attributes: null,
      error: null,
      createdAt: new Date(),
      updatedAt: new Date(),
      leaseOwner: null,
      leaseExpiresAt: null,
      request: null,
      ...row,
    });
  }
}

/**
 * Leases judged on the in-memory rows: a row is free when nobody holds it or its holder is in `expired` (the
 * spec's way of saying that holder stopped heartbeating). Waiting polls on the next turn of the event loop.
 */
export class InMemoryOperationLeases implements OperationLeases {
  readonly owner = 'this-worker';
  readonly expired = new Set<string>();
  private readonly held = new Map<string, AbortController>();
  /** Called each time a waiting request looks again: lets a spec make the other holder finish meanwhile. */
  onWait: () => void = () => undefined;

  constructor(private readonly store: InMemoryCloudOperationStore) {}

  adopt(key: string): AbortSignal {
    const controller = new AbortController();
    this.held.set(key, controller);
    return controller.signal;
  }

  async tryAcquire(key: string): Promise<AbortSignal | null> {
    const row = this.store.rows.get(key);
    if (this.held.has(key) || !row || !UNFINISHED.has(row.status)) return null;
    if (row.leaseOwner !== null && !this.expired.has(row.leaseOwner)) return null;
    row.leaseOwner = this.owner;
    return this.adopt(key);
  }

  async acquireOrWait(key: string, finished: () => Promise<boolean>): Promise<LeaseOutcome> {
    for (;;) {
      if (await finished()) return { kind: 'finished' };
      const lease = await this.tryAcquire(key);
      if (lease) return { kind: 'acquired', signal: lease };
      this.onWait();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async release(key: string): Promise<void> {
    const row = this.store.rows.get(key);
    if (row?.leaseOwner === this.owner) Object.assign(row, { leaseOwner: null, leaseExpiresAt: null });
    this.held.delete(key);
  }

  forget(key: string, reason?: Error): void {
    const controller = this.held.get(key);
    this.held.delete(key);
    if (reason) controller?.abort(reason);
  }

  heldKeys(): string[] {
    return [...this.held.keys()];
  }
}
