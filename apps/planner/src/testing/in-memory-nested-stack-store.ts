import { Transaction } from '@cfn/messaging';
import { Stack } from '@cfn/persistence';

import { NestedStackLink, NestedStackStore } from '../resource-types/nested-stack/nested-stack-store';
import { ResourceStatus, StackStatus } from '../stack-engine/statuses';
import { InMemoryStackRepository } from './in-memory-stack-repository';

/** `nested_stacks` as a list; the stacks, rows and events are the InMemoryStackRepository's. */
export class InMemoryNestedStackStore extends NestedStackStore {
  private readonly links: NestedStackLink[] = [];

  constructor(private readonly stacks: InMemoryStackRepository) {
    super();
  }

  async link(_tx: Transaction, childStackId: string): Promise<NestedStackLink | null> {
    const link = this.links.find((candidate) => candidate.stack_id === childStackId);
    return link ? { ...link } : null;
  }

  async addLink(_tx: Transaction, link: NestedStackLink): Promise<void> {
    if (this.links.some((candidate) => candidate.stack_id === link.stack_id))
      throw new Error(`duplicate nested stack ${link.stack_id}`);
    this.links.push({ ...link });
  }

  async stackStatus(_tx: Transaction, stackId: string): Promise<string | null> {
    return this.stacks.stack(stackId)?.status ?? null;
  }

  async stackOutputs(_tx: Transaction, stackId: string): Promise<Stack['outputs']> {
    return this.stacks.stack(stackId)?.outputs ?? null;
  }

  async childrenBeingCreated(_tx: Transaction, parentStackId: string): Promise<string[]> {
    const waiting = this.stacks.rowsOf(parentStackId).filter((row) => row.status === ResourceStatus.CreateInProgress);
    return this.links
      .filter(
        (link) =>
          link.parent_stack_id === parentStackId &&
          waiting.some((row) => row.logicalId === link.logical_id && row.operationId === link.operation_id) &&
          this.stacks.stack(link.stack_id)?.status === StackStatus.CreateInProgress,
      )
      .map((link) => link.stack_id);
  }

  async lastStackReason(_tx: Transaction, stackId: string, status: string): Promise<string | null> {
    const own = this.stacks
      .eventsOf(stackId)
      .filter((event) => event.logicalId === event.stackName && event.status === status);
    return own.length > 0 ? own[own.length - 1].statusReason : null;
  }
}
