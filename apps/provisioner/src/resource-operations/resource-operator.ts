import { CloudStackApiError, CloudStackClient, CloudStackErrorCode, OwnerClients } from '@cfn/cloudstack';
import { ResourceCreateRequestedV1, ResourceDeleteRequestedV1, ResourceUpdateRequestedV1 } from '@cfn/contracts';
import { CloudOperation, LeaseLostError, unlessAborted } from '@cfn/persistence';
import {
  ResourceOperationContext,
  ResourceRegistry,
  ResourceTypePlugin,
  VirtualMachineFailedError,
} from '@cfn/resources';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { PrivateKeyVault } from '../key-pairs/private-key-vault';
import { StackAccessProvider } from '../stack-keys/stack-access.provider';
import { CLOUD_OPERATION_STORE, CloudOperationStore, OperationLeases } from './cloud-operation-store';
import { describeFailure, isTransientFailure } from './failure-classification';
import { OperationOutcome } from './operation-outcome';

/** A transient cloud failure: the message is retried after a back-off delay. */
export class TransientCloudFailure extends Error {}

/** The lease on `cloud_operations` rows, one per provisioner process. */
export const CLOUD_OPERATION_LEASES = Symbol('CLOUD_OPERATION_LEASES');

type OperationRequest = ResourceCreateRequestedV1 | ResourceDeleteRequestedV1 | ResourceUpdateRequestedV1;

/**
 * Carries out one resource operation against the cloud. The intent is recorded in `cloud_operations` before the
 * cloud is called, and every id the cloud hands back is recorded as soon as it is known, so a retry (or another
 * worker after a crash) resumes the same operation: it finds the object the first attempt made instead of
 * making a second one.
 *
 * Only the holder of the operation's lease acts on it. A second copy of the request (a redelivery while the first
 * worker is alive, a planner's re-send, a recovery sweep) waits for the lease: it reports the holder's result once
 * there is one, or takes the work over when the holder's heartbeats stop.
 */
@Injectable()
export class ResourceOperator {
  private readonly logger = new Logger(ResourceOperator.name);

  constructor(
    @Inject(CLOUD_OPERATION_STORE) private readonly operations: CloudOperationStore,
    @Inject(OwnerClients) private readonly clients: OwnerClients,
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
    @Inject(StackAccessProvider) private readonly stackAccess: StackAccessProvider,
    @Inject(PrivateKeyVault) private readonly privateKeys: PrivateKeyVault,
    @Inject(CLOUD_OPERATION_LEASES) private readonly leases: OperationLeases,
  ) {}

  async create(request: ResourceCreateRequestedV1, finalAttempt: boolean): Promise<OperationOutcome> {
    const plugin = this.registry.get(request.resourceType);
    if (!plugin)
      return { kind: 'create-failed', reason: `Unsupported resource type ${request.resourceType}`, physicalId: null };
    const { operation, lease } = await this.recordIntent(request, 'CREATE');
    return this.underLease(operation, lease, (fresh, signal) =>
      this.carryOutCreate(plugin, request, operation, fresh, signal, finalAttempt),
    );
  }

  async delete(request: ResourceDeleteRequestedV1, finalAttempt: boolean): Promise<OperationOutcome> {
    const { operation, lease } = await this.recordIntent(request, 'DELETE');
    return this.underLease(operation, lease, (_fresh, signal) =>
      this.carryOutDelete(request, operation, signal, finalAttempt),
    );
  }

  /** An in-place change; the plugin's update looks at the object first, so a retry continues the same change. */
  async update(request: ResourceUpdateRequestedV1, finalAttempt: boolean): Promise<OperationOutcome> {
    const { operation, lease } = await this.recordIntent(request, 'UPDATE');
    return this.underLease(operation, lease, (_fresh, signal) =>
      this.carryOutUpdate(request, operation, signal, finalAttempt),
    );
  }

  /**
   * Takes an operation a dead worker left unfinished (its lease ran out) over from its stored request; null when
   * another process took it first. Transient failures leave it for the next sweep or the message's next delivery.
   */
  async resume(operationId: string): Promise<{ request: OperationRequest; outcome: OperationOutcome } | null> {
    const operation = await this.operations.find(operationId);
    if (!operation?.request || finishedOutcome(operation)) return null;
    const signal = await this.leases.tryAcquire(operationId);
    if (!signal) return null;
    const request = operation.request as OperationRequest;
    this.logger.log(
      `taking over ${operation.action} of ${operation.logicalId} (operation ${operationId}) left by ${operation.leaseOwner ?? 'a stopped worker'}`,
    );
    try {
      const outcome =
        operation.action === 'CREATE'
          ? await this.createWithPlugin(request as ResourceCreateRequestedV1, operation, signal)
          : operation.action === 'UPDATE'
            ? await this.carryOutUpdate(request as ResourceUpdateRequestedV1, operation, signal, false)
            : await this.carryOutDelete(request as ResourceDeleteRequestedV1, operation, signal, false);
      return { request, outcome };
    } catch (error) {
      await this.handBack(operationId);
      if (error instanceof TransientCloudFailure || error instanceof LeaseLostError) return null;
      throw error;
    }
  }

  private async createWithPlugin(request: ResourceCreateRequestedV1, operation: CloudOperation, signal: AbortSignal) {
    const plugin = this.registry.get(request.resourceType);
    if (!plugin) return this.failCreate(operation, `Unsupported resource type ${request.resourceType}`, null);
    return this.carryOutCreate(plugin, request, operation, false, signal, false);
  }

  /**
   * Runs `work` holding the operation's lease, or reports the result of whoever held it. `inserted` is the lease of
   * a row this request just wrote (leased from the start): nobody can have acted on it, so the work starts fresh.
   */
  private async underLease(
    operation: CloudOperation,
    inserted: AbortSignal | null,
    work: (fresh: boolean, signal: AbortSignal) => Promise<OperationOutcome>,
  ): Promise<OperationOutcome> {
    if (inserted) return this.holding(operation.operationId, () => work(true, inserted));
    const earlier = finishedOutcome(operation);
    if (earlier) return earlier;
    let looks = 0;
    const lease = await this.leases.acquireOrWait(operation.operationId, async () => {
      if (looks++ === 0) return false;
      Object.assign(operation, await this.operations.get(operation.operationId));
      return finishedOutcome(operation) !== null;
    });
    if (lease.kind === 'finished') return finishedOutcome(operation)!;
    Object.assign(operation, await this.operations.get(operation.operationId));
    const done = finishedOutcome(operation);
    if (done) {
      await this.leases.release(operation.operationId);
      return done;
    }
    return this.holding(operation.operationId, () => work(false, lease.signal));
  }

  private async holding(operationId: string, work: () => Promise<OperationOutcome>): Promise<OperationOutcome> {
    try {
      return await work();
    } catch (error) {
      // Hand the lease back at once so the retry (here or elsewhere) need not wait for it to run out.
      if (!(error instanceof LeaseLostError)) await this.handBack(operationId);
      throw error;
    }
  }

  private async carryOutCreate(
    plugin: ResourceTypePlugin,
    request: ResourceCreateRequestedV1,
    operation: CloudOperation,
    fresh: boolean,
    signal: AbortSignal,
    finalAttempt: boolean,
  ): Promise<OperationOutcome> {
    try {
      const ctx = await this.context(request, operation, signal);
      // A fresh intent means no earlier attempt can have called the cloud; otherwise look for what it made first.
      const made = await unlessAborted(
        (async () => {
          const found = fresh ? null : await plugin.findExisting(ctx, request.properties);
          // A replacement's search may find the object it replaces (same stack and logical id): that is not its own.
          const earlierAttempt = found && found.physicalId !== request.replacement?.physicalId ? found : null;
          return earlierAttempt ?? (await plugin.create(ctx, request.properties));
        })(),
        signal,
      );
      await this.finish(operation, 'SUCCEEDED', { physicalId: made.physicalId, attributes: made.attributes });
      this.logger.log(
        `created ${request.logicalId} (${request.resourceType}) of stack ${request.stackName} as ${made.physicalId}`,
      );
      return { kind: 'created', physicalId: made.physicalId, attributes: made.attributes, note: made.note };
    } catch (error) {
      this.rethrowIfWorthRetrying(request, error, finalAttempt);
      const physicalId = error instanceof VirtualMachineFailedError ? error.physicalId : operation.physicalId;
      return this.failCreate(operation, describeFailure(error), physicalId);
    }
  }

  private async failCreate(
    operation: CloudOperation,
    reason: string,
    physicalId: string | null,
  ): Promise<OperationOutcome> {
    await this.finish(operation, 'FAILED', { physicalId, error: reason });
    return { kind: 'create-failed', reason, physicalId };
  }

  private async carryOutDelete(
    request: ResourceDeleteRequestedV1,
    operation: CloudOperation,
    signal: AbortSignal,
    finalAttempt: boolean,
  ): Promise<OperationOutcome> {
    const plugin = this.registry.get(request.resourceType);
    if (!plugin || !request.physicalId) {
      // Nothing was ever made in the cloud for it.
      await this.finish(operation, 'SUCCEEDED', {});
      return { kind: 'deleted' };
    }
    try {
      const ctx = await this.context(request, operation, signal);
      if (request.deletionPolicy === 'Snapshot' && plugin.snapshot) {
        const snapshotId = await unlessAborted(plugin.snapshot(ctx, request.physicalId), signal);
        this.logger.log(
          snapshotId
            ? `snapshot ${snapshotId} of ${request.logicalId} (${request.physicalId}) kept before deleting it`
            : `${request.logicalId} (${request.physicalId}) never held data: no snapshot to keep`,
        );
      }
      await unlessAborted(plugin.delete(ctx, request.physicalId, request.properties), signal);
      await this.finish(operation, 'SUCCEEDED', {});
      return { kind: 'deleted' };
    } catch (error) {
      this.rethrowIfWorthRetrying(request, error, finalAttempt);
      const reason = describeFailure(error);
      await this.finish(operation, 'FAILED', { error: reason });
      return { kind: 'delete-failed', reason };
    }
  }

  private async carryOutUpdate(
    request: ResourceUpdateRequestedV1,
    operation: CloudOperation,
    signal: AbortSignal,
    finalAttempt: boolean,
  ): Promise<OperationOutcome> {
    const plugin = this.registry.get(request.resourceType);
    if (!plugin?.update) {
      const reason = `Resource type ${request.resourceType} cannot be updated in place`;
      await this.finish(operation, 'FAILED', { error: reason });
      return { kind: 'update-failed', reason };
    }
    try {
      const ctx = await this.context(request, operation, signal);
      const result = await unlessAborted(
        plugin.update(ctx, request.physicalId, request.previousProperties, request.properties),
        signal,
      );
      await this.finish(operation, 'SUCCEEDED', { physicalId: result.physicalId, attributes: result.attributes });
      this.logger.log(`updated ${request.logicalId} (${request.resourceType}) of stack ${request.stackName} in place`);
      return { kind: 'updated', physicalId: result.physicalId, attributes: result.attributes };
    } catch (error) {
      this.rethrowIfWorthRetrying(request, error, finalAttempt);
      const reason = describeFailure(error);
      await this.finish(operation, 'FAILED', { error: reason });
      return { kind: 'update-failed', reason };
    }
  }

  /**
   * A lost lease ends the attempt here; refused owner keys (regenerated in CloudStack since they were fetched) and
   * transient failures are tried again later, with the keys fetched anew; anything else is the operation's outcome.
   */
  private rethrowIfWorthRetrying(request: OperationRequest, error: unknown, finalAttempt: boolean): void {
    if (error instanceof LeaseLostError) throw error;
    const keysRefused =
      request.owner !== undefined &&
      error instanceof CloudStackApiError &&
      error.errorcode === CloudStackErrorCode.UNAUTHORIZED;
    if (keysRefused) this.clients.forget(request.owner!.userId);
    if ((keysRefused || isTransientFailure(error)) && !finalAttempt)
      throw new TransientCloudFailure(describeFailure(error));
  }

  /**
   * Every call is made as the stack's owner, with its own keys, so CloudStack's permissions and limits apply to it.
   * What a stack made is deleted by the administrator when its owner's user no longer exists.
   */
  private async cloudFor(request: OperationRequest, operation: CloudOperation): Promise<CloudStackClient> {
    return operation.action === 'DELETE'
      ? this.clients.forCleanUp(request.owner)
      : this.clients.forOwner(request.owner);
  }

  private async context(
    request: OperationRequest,
    operation: CloudOperation,
    signal: AbortSignal,
  ): Promise<ResourceOperationContext> {
    return {
      generation: 'replacement' in request ? request.replacement?.generation : undefined,
      cloud: await this.cloudFor(request, operation),
      stackId: request.stackId,
      stackName: request.stackName,
      logicalId: request.logicalId,
      accountId: request.accountId,
      region: request.region,
      stackAccess: this.stackAccess.forStack(request.stackId),
      privateKeys: this.privateKeys.forResource(request.stackId, request.logicalId),
      stackUserTags: Object.fromEntries((request.stackTags ?? []).map(({ key, value }) => [key, value])),
      recordedPhysicalId: operation.physicalId ?? undefined,
      recordProgress: async (progress) => {
        if (signal.aborted) throw signal.reason;
        Object.assign(operation, progress);
        const held = await this.operations.updateLeased(operation.operationId, this.leases.owner, {
          ...progress,
          status: 'IN_PROGRESS',
          updatedAt: new Date(),
        });
        if (!held) throw this.lost(operation.operationId);
      },
    };
  }

  /**
   * Records the intent, leased to this process from the start (one multi-row statement for the requests arriving
   * together); a request seen before gets the stored row and no lease yet.
   */
  private async recordIntent(
    request: OperationRequest,
    action: 'CREATE' | 'DELETE' | 'UPDATE',
  ): Promise<{ operation: CloudOperation; lease: AbortSignal | null }> {
    const now = new Date();
    const values = {
      operationId: request.operationId,
      stackId: request.stackId,
      logicalId: request.logicalId,
      resourceType: request.resourceType,
      action,
      status: 'PENDING' as const,
      jobId: null,
      physicalId:
        action === 'CREATE' ? null : (request as ResourceDeleteRequestedV1 | ResourceUpdateRequestedV1).physicalId,
      attributes: null,
      error: null,
      createdAt: now,
      updatedAt: now,
      leaseOwner: this.leases.owner,
      leaseExpiresAt: null,
      request: request as unknown as Record<string, any>,
    };
    if (await this.operations.writeIntent(values)) {
      // The row as written, as a plain object: TypeORM's create() costs more than the rest of recording it.
      const operation: CloudOperation = values;
      return { operation, lease: this.leases.adopt(request.operationId) };
    }
    const operation = await this.operations.get(request.operationId);
    this.logger.log(
      `resuming ${action} of ${request.logicalId} (operation ${operation.operationId}, ${operation.status})`,
    );
    return { operation, lease: null };
  }

  /** Records the final status and gives the lease up, only while this process still holds it. */
  private async finish(operation: CloudOperation, status: 'SUCCEEDED' | 'FAILED', changes: Partial<CloudOperation>) {
    const held = await this.operations.updateLeased(operation.operationId, this.leases.owner, {
      ...changes,
      status,
      updatedAt: new Date(),
      leaseOwner: null,
      leaseExpiresAt: null,
    });
    if (!held) throw this.lost(operation.operationId);
    Object.assign(operation, changes, { status });
    this.leases.forget(operation.operationId);
  }

  private async handBack(operationId: string): Promise<void> {
    await this.leases.release(operationId).catch(() => this.leases.forget(operationId));
  }

  private lost(operationId: string): LeaseLostError {
    this.logger.warn(`operation ${operationId} was taken over by another worker; leaving it to them`);
    const error = new LeaseLostError(operationId);
    this.leases.forget(operationId, error);
    return error;
  }
}

function finishedOutcome(operation: CloudOperation): OperationOutcome | null {
  if (operation.action === 'UPDATE') {
    if (operation.status === 'SUCCEEDED')
      return { kind: 'updated', physicalId: operation.physicalId!, attributes: operation.attributes ?? {} };
    if (operation.status === 'FAILED') return { kind: 'update-failed', reason: operation.error ?? 'failed' };
    return null;
  }
  if (operation.status === 'SUCCEEDED') {
    return operation.action === 'CREATE'
      ? { kind: 'created', physicalId: operation.physicalId!, attributes: operation.attributes ?? {} }
      : { kind: 'deleted' };
  }
  if (operation.status === 'FAILED') {
    return operation.action === 'CREATE'
      ? { kind: 'create-failed', reason: operation.error ?? 'failed', physicalId: operation.physicalId }
      : { kind: 'delete-failed', reason: operation.error ?? 'failed' };
  }
  return null;
}

export type { ResourceTypePlugin };
