import { Injectable } from '@nestjs/common';
import { Transaction } from '@cfn/messaging';
import { insertRows, Stack, StackResource } from '@cfn/persistence';
import { DependencyGraph, TemplateDocument } from '@cfn/template';
import { ResourceRowCache } from './resource-row-cache';
import { StackWriteBuffer } from './stack-write-buffer';
import { includedResources } from './stack-evaluation';
import { StackTemplateCache, templateHashOf } from './stack-template-cache';

/** Resource rows written with one statement at most (bounds a statement's size). */
const RESOURCES_PER_INSERT = 500;

/** Columns of `stacks` read under the lock: everything but the (large) template, which comes from the cache. */
const STACK_COLUMNS: Array<keyof Stack> = [
  'id', 'arn', 'name', 'accountId', 'owner', 'region', 'status', 'statusReason', 'parameters', 'noEchoParameters', 'availabilityZones', 'tags',
  'outputs', 'disableRollback', 'createdAt', 'updatedAt', 'deletedAt', 'version', 'templateHash', 'incompleteResources',
  'onFailure', 'createDeadline', 'retainResources', 'clientRequestToken', 'importedValues',
  'updateVersion', 'templateVersion', 'updateState', 'lastUpdatedAt',
];

/**
 * The planner's stack and resource rows: the stack row's lock, reads that go through the transaction's row cache
 * and write-behind buffers, and the parsed template (with its dependency graph) kept across transactions.
 */
@Injectable()
export class StackRepository {
  private readonly templates = new StackTemplateCache();

  /** Locks the stack row for the rest of the transaction; null when the planner does not know the stack. */
  async lockStack(tx: Transaction, stackId: string): Promise<Stack | null> {
    await StackWriteBuffer.settleCount(tx, stackId);
    const stack = await tx.manager.findOne(Stack, {
      where: { id: stackId }, select: STACK_COLUMNS, lock: { mode: 'pessimistic_write' },
    });
    if (stack) stack.template = (await this.templates.get(tx.manager, stack)).template as unknown as Record<string, unknown>;
    return stack;
  }

  async resourcesOf(tx: Transaction, stackId: string): Promise<StackResource[]> {
    return tx.manager.find(StackResource, { where: { stackId }, order: { id: 'ASC' } });
  }

  async resource(tx: Transaction, stackId: string, logicalId: string): Promise<StackResource | null> {
    return ResourceRowCache.get(tx, stackId, logicalId) ?? tx.manager.findOneBy(StackResource, { stackId, logicalId });
  }

  /** Logical ids of the stack's resources (those whose Condition holds). */
  async resourceIds(tx: Transaction, stack: Stack): Promise<string[]> {
    return (await this.graph(tx, stack)).resources();
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
      await insertRows(tx.manager, StackResource, logicalIds.slice(start, start + RESOURCES_PER_INSERT).map((logicalId) => ({
        stackId: stack.id, logicalId, resourceType: template.Resources[logicalId].Type, status: null, updatedAt: at,
      })));
    }
  }

  /** Writes row changes without a status change (no event): bookkeeping such as update markers. */
  async markResource(tx: Transaction, row: StackResource, changes: Partial<StackResource>): Promise<void> {
    Object.assign(row, changes);
    await tx.manager.update(StackResource, { id: row.id }, changes);
  }

  async saveStack(tx: Transaction, stack: Stack, changes: Partial<Stack>): Promise<void> {
    Object.assign(stack, changes);
    await tx.manager.update(Stack, { id: stack.id }, changes);
  }
}
