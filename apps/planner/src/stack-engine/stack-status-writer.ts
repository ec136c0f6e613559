import { ownerField, StackStatusChanged } from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { StackExports } from '../exports/stack-exports';
import { StackEventWriter } from './stack-event-writer';
import { StackRepository } from './stack-repository';
import { ResourceStatus, StackStatus } from './statuses';

/**
 * Status changes of stacks and resources, each with its stack event and (for a stack) its stack.status.changed
 * message in the same transaction (outbox). The rows and events go through the StackRepository (written behind in
 * MySQL).
 */
@Injectable()
export class StackStatusWriter {
  private readonly logger = new Logger('StackEngine');
  private readonly events: StackEventWriter;

  constructor(
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackExports) private readonly exports: StackExports,
  ) {
    this.events = new StackEventWriter((tx, event) => repository.appendEvent(tx, event));
  }

  async setStackStatus(tx: Transaction, stack: Stack, status: string, reason: string | null): Promise<void> {
    const at = new Date();
    stack.status = status;
    stack.statusReason = reason;
    stack.updatedAt = at;
    if (status === StackStatus.DeleteComplete) stack.deletedAt = at;
    if (status === StackStatus.DeleteComplete || status === StackStatus.RollbackComplete)
      await this.exports.release(tx, stack);
    if (status === StackStatus.DeleteComplete) this.repository.forgetTemplate(stack.id);
    await this.repository.saveStackStatus(tx, stack);
    this.events.forStack(tx, stack, status, reason, at);
    await tx.publish(
      StackStatusChanged,
      {
        stackId: stack.id,
        stackName: stack.name,
        accountId: stack.accountId,
        status,
        reason,
        at: at.toISOString(),
        ...ownerField(stack.owner),
      },
      stack.id,
    );
    this.logger.log(`stack ${stack.name} (${stack.id}) ${status}${reason ? `: ${reason}` : ''}`);
  }

  async setResourceStatus(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    status: string,
    reason: string | null,
    changes: Partial<StackResource> = {},
  ): Promise<void> {
    const at = new Date();
    const wasComplete = resource.status === ResourceStatus.CreateComplete;
    Object.assign(resource, changes, { status, statusReason: reason, updatedAt: at });
    this.writeOwnRow(tx, resource, { ...changes, status, statusReason: reason, updatedAt: at });
    this.events.forResource(tx, stack, resource, at);
    const delta = (status === ResourceStatus.CreateComplete ? -1 : 0) + (wasComplete ? 1 : 0);
    if (delta !== 0) {
      stack.incompleteResources += delta;
      this.repository.addToIncompleteCount(tx, stack.id, delta);
    }
  }

  /**
   * Writes changes `resource` already carries to its row (which keeps a cached copy of the row true). The write is
   * queued and goes out with the transaction's next statement, together with the other rows changed meanwhile.
   */
  writeOwnRow(tx: Transaction, resource: StackResource, changes: Partial<StackResource>): void {
    this.repository.writeResourceRow(tx, resource, changes);
  }

  /** A stack event about a resource's other object (an update's retired one); the row's own status does not change. */
  resourceEvent(tx: Transaction, stack: Stack, resource: StackResource, at = new Date()): void {
    this.events.forResource(tx, stack, resource, at);
  }
}
