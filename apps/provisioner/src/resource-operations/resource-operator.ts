import { Inject, Injectable, Logger } from '@nestjs/common';
import { CloudStackClient } from '@cfn/cloudstack';
import { ResourceCreateRequestedV1, ResourceDeleteRequestedV1, ResourceUpdateRequestedV1 } from '@cfn/contracts';
import { CloudOperation } from '@cfn/persistence';
import { ResourceOperationContext, ResourceRegistry, ResourceTypePlugin, VirtualMachineFailedError } from '@cfn/resources';
import { DataSource } from 'typeorm';
import { PrivateKeyVault } from '../key-pairs/private-key-vault';
import { StackAccessProvider } from '../stack-keys/stack-access.provider';
import { describeFailure, isTransientFailure } from './failure-classification';
import { OperationOutcome } from './operation-outcome';

/** A transient cloud failure: the message is retried after a back-off delay. */
export class TransientCloudFailure extends Error {}

/**
 * Carries out one resource operation against the cloud. The intent is recorded in `cloud_operations` before the
 * cloud is called, and every id the cloud hands back is recorded as soon as it is known, so a retry (or another
 * worker after a crash) resumes the same operation: it finds the object the first attempt made instead of
 * making a second one.
 */
@Injectable()
export class ResourceOperator {
  private readonly logger = new Logger(ResourceOperator.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CloudStackClient) private readonly cloud: CloudStackClient,
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
    @Inject(StackAccessProvider) private readonly stackAccess: StackAccessProvider,
    @Inject(PrivateKeyVault) private readonly privateKeys: PrivateKeyVault,
  ) {}

  async create(request: ResourceCreateRequestedV1, finalAttempt: boolean): Promise<OperationOutcome> {
    const plugin = this.registry.get(request.resourceType);
    if (!plugin) return { kind: 'create-failed', reason: `Unsupported resource type ${request.resourceType}`, physicalId: null };
    const { operation, isNew } = await this.recordIntent(request, 'CREATE');
    const earlier = finishedOutcome(operation);
    if (earlier) return earlier;
    const ctx = this.context(request, operation);
    try {
      // A new intent means no earlier attempt can have called the cloud; otherwise look for what it made first.
      const found = isNew ? null : await plugin.findExisting(ctx, request.properties);
      // A replacement's search may find the object it replaces (same stack and logical id): that is not its own.
      const earlierAttempt = found && found.physicalId !== request.replacement?.physicalId ? found : null;
      const made = earlierAttempt ?? (await plugin.create(ctx, request.properties));
      await this.finish(operation, 'SUCCEEDED', { physicalId: made.physicalId, attributes: made.attributes });
      this.logger.log(`created ${request.logicalId} (${request.resourceType}) of stack ${request.stackName} as ${made.physicalId}`);
      return { kind: 'created', physicalId: made.physicalId, attributes: made.attributes };
    } catch (error) {
      if (isTransientFailure(error) && !finalAttempt) throw new TransientCloudFailure(describeFailure(error));
      const physicalId = error instanceof VirtualMachineFailedError ? error.physicalId : operation.physicalId;
      const reason = describeFailure(error);
      await this.finish(operation, 'FAILED', { physicalId, error: reason });
      return { kind: 'create-failed', reason, physicalId };
    }
  }

  async delete(request: ResourceDeleteRequestedV1, finalAttempt: boolean): Promise<OperationOutcome> {
    const plugin = this.registry.get(request.resourceType);
    const { operation } = await this.recordIntent(request, 'DELETE');
    const earlier = finishedOutcome(operation);
    if (earlier) return earlier;
    if (!plugin || !request.physicalId) {
      // Nothing was ever made in the cloud for it.
      await this.finish(operation, 'SUCCEEDED', {});
      return { kind: 'deleted' };
    }
    try {
      const ctx = this.context(request, operation);
      if (request.deletionPolicy === 'Snapshot' && plugin.snapshot) {
        const snapshotId = await plugin.snapshot(ctx, request.physicalId);
        this.logger.log(snapshotId
          ? `snapshot ${snapshotId} of ${request.logicalId} (${request.physicalId}) kept before deleting it`
          : `${request.logicalId} (${request.physicalId}) never held data: no snapshot to keep`);
      }
      await plugin.delete(ctx, request.physicalId, request.properties);
      await this.finish(operation, 'SUCCEEDED', {});
      return { kind: 'deleted' };
    } catch (error) {
      if (isTransientFailure(error) && !finalAttempt) throw new TransientCloudFailure(describeFailure(error));
      const reason = describeFailure(error);
      await this.finish(operation, 'FAILED', { error: reason });
      return { kind: 'delete-failed', reason };
    }
  }

  /** An in-place change; the plugin's update looks at the object first, so a retry continues the same change. */
  async update(request: ResourceUpdateRequestedV1, finalAttempt: boolean): Promise<OperationOutcome> {
    const plugin = this.registry.get(request.resourceType);
    const { operation } = await this.recordIntent(request, 'UPDATE');
    const earlier = finishedOutcome(operation);
    if (earlier) return earlier;
    if (!plugin?.update) {
      const reason = `Resource type ${request.resourceType} cannot be updated in place`;
      await this.finish(operation, 'FAILED', { error: reason });
      return { kind: 'update-failed', reason };
    }
    try {
      const result = await plugin.update(this.context(request, operation), request.physicalId, request.previousProperties, request.properties);
      await this.finish(operation, 'SUCCEEDED', { physicalId: result.physicalId, attributes: result.attributes });
      this.logger.log(`updated ${request.logicalId} (${request.resourceType}) of stack ${request.stackName} in place`);
      return { kind: 'updated', physicalId: result.physicalId, attributes: result.attributes };
    } catch (error) {
      if (isTransientFailure(error) && !finalAttempt) throw new TransientCloudFailure(describeFailure(error));
      const reason = describeFailure(error);
      await this.finish(operation, 'FAILED', { error: reason });
      return { kind: 'update-failed', reason };
    }
  }

  private context(
    request: ResourceCreateRequestedV1 | ResourceDeleteRequestedV1 | ResourceUpdateRequestedV1, operation: CloudOperation,
  ): ResourceOperationContext {
    return {
      generation: 'replacement' in request ? request.replacement?.generation : undefined,
      cloud: this.cloud,
      stackId: request.stackId,
      stackName: request.stackName,
      logicalId: request.logicalId,
      accountId: request.accountId,
      region: request.region,
      stackUserTags: Object.fromEntries((request.stackTags ?? []).map(({ key, value }) => [key, value])),
      stackAccess: this.stackAccess.forStack(request.stackId),
      privateKeys: this.privateKeys.forResource(request.stackId, request.logicalId),
      recordedPhysicalId: operation.physicalId ?? undefined,
      recordProgress: async (progress) => {
        Object.assign(operation, progress);
        await this.dataSource.getRepository(CloudOperation).update(
          { operationId: operation.operationId },
          { ...progress, status: 'IN_PROGRESS', updatedAt: new Date() },
        );
      },
    };
  }

  private async recordIntent(
    request: ResourceCreateRequestedV1 | ResourceDeleteRequestedV1 | ResourceUpdateRequestedV1, action: 'CREATE' | 'DELETE' | 'UPDATE',
  ) {
    const repository = this.dataSource.getRepository(CloudOperation);
    const now = new Date();
    const inserted = await repository
      .createQueryBuilder()
      .insert()
      .values({
        operationId: request.operationId,
        stackId: request.stackId,
        logicalId: request.logicalId,
        resourceType: request.resourceType,
        action,
        status: 'PENDING',
        jobId: null,
        physicalId: action === 'CREATE' ? null : (request as ResourceDeleteRequestedV1 | ResourceUpdateRequestedV1).physicalId,
        attributes: null,
        error: null,
        createdAt: now,
        updatedAt: now,
      })
      .orIgnore()
      .execute();
    const operation = await repository.findOneByOrFail({ operationId: request.operationId });
    const isNew = (inserted.raw as { affectedRows?: number }).affectedRows === 1;
    if (!isNew) this.logger.log(`resuming ${action} of ${request.logicalId} (operation ${operation.operationId}, ${operation.status})`);
    return { operation, isNew };
  }

  private async finish(operation: CloudOperation, status: 'SUCCEEDED' | 'FAILED', changes: Partial<CloudOperation>) {
    Object.assign(operation, changes, { status });
    await this.dataSource.getRepository(CloudOperation).update(
      { operationId: operation.operationId },
      { ...changes, status, updatedAt: new Date() },
    );
  }
}

function finishedOutcome(operation: CloudOperation): OperationOutcome | null {
  if (operation.action === 'UPDATE') {
    if (operation.status === 'SUCCEEDED') return { kind: 'updated', physicalId: operation.physicalId!, attributes: operation.attributes ?? {} };
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
