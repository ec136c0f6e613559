import { Transaction } from '@cfn/messaging';
import { Stack } from '@cfn/persistence';
import { Injectable } from '@nestjs/common';

import { ResourceStatus, StackStatus } from '../../stack-engine/statuses';
import { NestedStackLink, NestedStackStore } from './nested-stack-store';

/** `nested_stacks` and the child stacks' rows and events in MySQL, read within the caller's transaction. */
@Injectable()
export class TypeOrmNestedStackStore extends NestedStackStore {
  async link(tx: Transaction, childStackId: string): Promise<NestedStackLink | null> {
    const rows: NestedStackLink[] = await tx.manager.query('SELECT * FROM nested_stacks WHERE stack_id = ?', [
      childStackId,
    ]);
    return rows[0] ?? null;
  }

  async addLink(tx: Transaction, link: NestedStackLink, createdAt: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO nested_stacks (stack_id, stack_arn, parent_stack_id, logical_id, operation_id, root_stack_arn, depth, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        link.stack_id,
        link.stack_arn,
        link.parent_stack_id,
        link.logical_id,
        link.operation_id,
        link.root_stack_arn,
        link.depth,
        createdAt,
      ],
    );
  }

  async stackStatus(tx: Transaction, stackId: string): Promise<string | null> {
    const stack = await tx.manager.findOne(Stack, { where: { id: stackId }, select: ['id', 'status'] });
    return stack?.status ?? null;
  }

  async stackOutputs(tx: Transaction, stackId: string): Promise<Stack['outputs']> {
    const stack = await tx.manager.findOne(Stack, { where: { id: stackId }, select: ['id', 'outputs'] });
    return stack?.outputs ?? null;
  }

  async childrenBeingCreated(tx: Transaction, parentStackId: string): Promise<string[]> {
    const creating: Array<{ stack_id: string }> = await tx.manager.query(
      `SELECT n.stack_id FROM nested_stacks n
         JOIN stack_resources r ON r.stack_id = n.parent_stack_id AND r.logical_id = n.logical_id AND r.operation_id = n.operation_id
         JOIN stacks child ON child.id = n.stack_id
       WHERE n.parent_stack_id = ? AND r.status = ? AND child.status = ?`,
      [parentStackId, ResourceStatus.CreateInProgress, StackStatus.CreateInProgress],
    );
    return creating.map((row) => row.stack_id);
  }

  async lastStackReason(tx: Transaction, stackId: string, status: string): Promise<string | null> {
    const rows: Array<{ status_reason: string | null }> = await tx.manager.query(
      `SELECT status_reason FROM stack_events WHERE stack_id = ? AND logical_id = stack_name AND status = ?
     ORDER BY seq DESC LIMIT 1`,
      [stackId, status],
    );
    return rows[0]?.status_reason ?? null;
  }
}
