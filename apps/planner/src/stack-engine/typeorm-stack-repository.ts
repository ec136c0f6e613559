import { Transaction } from '@cfn/messaging';
import { insertRows, Stack, StackEvent, StackResource } from '@cfn/persistence';
import { DependencyGraph, TemplateDocument } from '@cfn/template';
import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';

import { ResourceRowCache } from './resource-row-cache';
import { ResourceRowWrites } from './resource-row-writes';
import { includedResources } from './stack-evaluation';
import { StackRepository } from './stack-repository';
import { StackTemplateCache, templateHashOf } from './stack-template-cache';
import { StackWriteBuffer } from './stack-write-buffer';
import { ResourceStatus } from './statuses';

/** Resource rows written with one statement at most (bounds a statement's size). */
const RESOURCES_PER_INSERT = 500;

/** Columns of `stacks` read under the lock: everything but the (large) template, which comes from the cache. */
const STACK_COLUMNS: Array<keyof Stack> = [
  'id',
  'arn',
  'name',
  'accountId',
  'owner',
  'region',
  'status',
  'statusReason',
  'parameters',
  'noEchoParameters',
  'availabilityZones',
  'tags',
  'outputs',
  'disableRollback',
  'createdAt',
  'updatedAt',
  'deletedAt',
  'version',
  'templateHash',
  'incompleteResources',
  'onFailure',
  'createDeadline',
  'retainResources',
  'clientRequestToken',
  'importedValues',
  'updateVersion',
  'templateVersion',
  'updateState',
  'lastUpdatedAt',
];

/**
 * The planner's stack and resource rows in MySQL: the stack row's lock, reads that go through the transaction's row
 * cache, write-behind buffers (ResourceRowWrites, StackWriteBuffer), and the parsed template (with its dependency
 * graph) kept across transactions.
 */
@Injectable()
export class TypeOrmStackRepository extends StackRepository {
  private readonly templates = new StackTemplateCache();

  /** Locks the stack row for the rest of the transaction; null when the planner does not know the stack. */
  async lockStack(tx: Transaction, stackId: string): Promise<Stack | null> {
    await StackWriteBuffer.settleCount(tx, stackId);
    const stack = await tx.manager.findOne(Stack, {
      where: { id: stackId },
      select: STACK_COLUMNS,
      lock: { mode: 'pessimistic_write' },
    });
    if (stack)
      stack.template = (await this.templates.get(tx.manager, stack)).template as unknown as Record<string, unknown>;
    return stack;
  }

  async stackExists(tx: Transaction, stackId: string): Promise<boolean> {
    return (await tx.manager.findOneBy(Stack, { id: stackId })) !== null;
  }

  async resourcesOf(tx: Transaction, stackId: string): Promise<StackResource[]> {
    return tx.manager.find(StackResource, { where: { stackId }, order: { id: 'ASC' } });
  }

  async resource(tx: Transaction, stackId: string, logicalId: string): Promise<StackResource | null> {
    return ResourceRowCache.get(tx, stackId, logicalId) ?? tx.manager.findOneBy(StackResource, { stackId, logicalId });
  }

  async resourcesNamed(tx: Transaction, stackId: string, logicalIds: string[]): Promise<StackResource[]> {
    return tx.manager.find(StackResource, { where: { stackId, logicalId: In(logicalIds) } });
  }

  /** One SELECT for the batch instead of one per outcome (ResourceRowCache). */
  async primeResources(tx: Transaction, stackId: string, logicalIds: string[]): Promise<void> {
    ResourceRowCache.prime(tx, await this.resourcesNamed(tx, stackId, logicalIds));
  }

  async countTeardownInFlight(tx: Transaction, stackId: string): Promise<number> {
    return tx.manager.count(StackResource, {
      where: [
        { stackId, status: ResourceStatus.DeleteInProgress },
        { stackId, status: ResourceStatus.CreateInProgress, phase: IsNull() },
        { stackId, status: ResourceStatus.CreateInProgress, phase: 'CONFIGURING' },
        { stackId, status: ResourceStatus.CreateFailed, phase: 'CANCELLED' },
      ],
    });
  }

  async graph(tx: Transaction, stack: Stack): Promise<DependencyGraph> {
    return (await this.templates.get(tx.manager, stack)).graph;
  }

  /** The template is read again when next asked for (harmless if the transaction rolls back). */
  forgetTemplate(stackId: string): void {
    this.templates.forget(stackId);
  }

  /** Stores a new stack and its not-yet-started resource rows (one per resource whose Condition holds). */
  async insertStack(tx: Transaction, stack: Stack): Promise<void> {
    const logicalIds = includedResources(stack);
    stack.templateHash = templateHashOf(stack.template, stack.parameters);
    stack.incompleteResources = logicalIds.length;
    await tx.manager.insert(Stack, stack);
    const template = stack.template as TemplateDocument;
    if (logicalIds.length === 0) return;
    const at = new Date();
    for (let start = 0; start < logicalIds.length; start += RESOURCES_PER_INSERT) {
      await insertRows(
        tx.manager,
        StackResource,
        logicalIds.slice(start, start + RESOURCES_PER_INSERT).map((logicalId) => ({
          stackId: stack.id,
          logicalId,
          resourceType: template.Resources[logicalId].Type,
          status: null,
          updatedAt: at,
        })),
      );
    }
  }

  async insertAddedResources(
    tx: Transaction,
    stack: Stack,
    rows: Array<Pick<StackResource, 'logicalId' | 'resourceType'>>,
  ): Promise<void> {
    await tx.manager.insert(
      StackResource,
      rows.map(({ logicalId, resourceType }) => ({
        stackId: stack.id,
        logicalId,
        resourceType,
        status: null,
        updateAction: 'Add' as const,
        updatedAt: new Date(),
      })),
    );
  }

  async deleteResource(tx: Transaction, row: StackResource): Promise<void> {
    await tx.manager.delete(StackResource, { id: row.id });
  }

  async markResource(tx: Transaction, row: StackResource, changes: Partial<StackResource>): Promise<void> {
    Object.assign(row, changes);
    await tx.manager.update(StackResource, { id: row.id }, changes);
  }

  async clearUpdateMarkers(tx: Transaction, stackId: string): Promise<void> {
    await tx.manager.update(StackResource, { stackId }, { previous: null, retired: null, updateAction: null });
  }

  /** Queued, not sent (ResourceRowWrites); the cached copy of the row stays true (ResourceRowCache.ownWrite). */
  writeResourceRow(tx: Transaction, resource: StackResource, changes: Partial<StackResource>): void {
    ResourceRowCache.ownWrite(tx, resource);
    ResourceRowWrites.add(tx, resource.id, changes);
  }

  async saveStack(tx: Transaction, stack: Stack, changes: Partial<Stack>): Promise<void> {
    Object.assign(stack, changes);
    await tx.manager.update(Stack, { id: stack.id }, changes);
  }

  async saveStackStatus(tx: Transaction, stack: Stack): Promise<void> {
    await tx.manager.update(
      Stack,
      { id: stack.id },
      {
        status: stack.status,
        statusReason: stack.statusReason,
        updatedAt: stack.updatedAt,
        deletedAt: stack.deletedAt,
        outputs: stack.outputs,
        version: () => 'version + 1',
      },
    );
  }

  addToIncompleteCount(tx: Transaction, stackId: string, delta: number): void {
    StackWriteBuffer.addToIncompleteCount(tx, stackId, delta);
  }

  appendEvent(tx: Transaction, event: Omit<StackEvent, 'seq'>): void {
    StackWriteBuffer.addEvent(tx, event);
  }
}
