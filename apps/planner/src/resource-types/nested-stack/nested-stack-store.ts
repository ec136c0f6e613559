import { Transaction } from '@cfn/messaging';
import { Stack } from '@cfn/persistence';

/** A row of `nested_stacks`: which resource of which parent a child stack is, and how deep it nests. */
export interface NestedStackLink {
  stack_id: string;
  stack_arn: string;
  parent_stack_id: string;
  logical_id: string;
  operation_id: string;
  root_stack_arn: string;
  depth: number;
}

/**
 * What nested stacks read and write besides their own stack and resource rows (the StackRepository's): the links
 * between children and parents, and what a parent's resource needs of its child. An abstract class so that it is its
 * own Nest token: TypeOrmNestedStackStore in the app, InMemoryNestedStackStore in unit specs.
 */
export abstract class NestedStackStore {
  abstract link(tx: Transaction, childStackId: string): Promise<NestedStackLink | null>;

  abstract addLink(tx: Transaction, link: NestedStackLink, createdAt: Date): Promise<void>;

  /** The status of a stack the planner knows; null when it does not know it (yet). */
  abstract stackStatus(tx: Transaction, stackId: string): Promise<string | null>;

  abstract stackOutputs(tx: Transaction, stackId: string): Promise<Stack['outputs']>;

  /** Children still being created whose parent resource still waits for them (their current attempt). */
  abstract childrenBeingCreated(tx: Transaction, parentStackId: string): Promise<string[]>;

  /** The reason of the stack's latest own event with `status`; null when it has none. */
  abstract lastStackReason(tx: Transaction, stackId: string, status: string): Promise<string | null>;
}
