import { Transaction } from '@cfn/messaging';
import { Stack, StackEvent, StackResource } from '@cfn/persistence';
import { DependencyGraph } from '@cfn/template';

/**
 * What the planner reads and writes of its stacks, resources and events, under the stack row's lock. An abstract
 * class rather than an interface so that it is also the Nest token: TypeOrmStackRepository in the app (MySQL, row
 * cache, write-behind buffers), InMemoryStackRepository in unit specs of the passes.
 */
export abstract class StackRepository {
  /** Locks the stack row for the rest of the transaction; null when the planner does not know the stack. */
  abstract lockStack(tx: Transaction, stackId: string): Promise<Stack | null>;

  /** Whether the planner has a row of the stack (deleted stacks included), without locking it. */
  abstract stackExists(tx: Transaction, stackId: string): Promise<boolean>;

  /** Every resource row of the stack, in the order they were written. */
  abstract resourcesOf(tx: Transaction, stackId: string): Promise<StackResource[]>;

  abstract resource(tx: Transaction, stackId: string, logicalId: string): Promise<StackResource | null>;

  /** The rows of the named resources (a resource's neighbours in the graph); those without a row are left out. */
  abstract resourcesNamed(tx: Transaction, stackId: string, logicalIds: string[]): Promise<StackResource[]>;

  /** Reads the rows of a batch's resources together, where the repository can keep them for the transaction. */
  abstract primeResources(tx: Transaction, stackId: string, logicalIds: string[]): Promise<void>;

  /**
   * Resources a teardown still waits on a worker's outcome for: deleting, being created (not waiting for a group or
   * signals), or a create the stack's timeout cancelled.
   */
  abstract countTeardownInFlight(tx: Transaction, stackId: string): Promise<number>;

  /** Logical ids of the stack's resources (those whose Condition holds). */
  async resourceIds(tx: Transaction, stack: Stack): Promise<string[]> {
    return (await this.graph(tx, stack)).resources();
  }

  abstract graph(tx: Transaction, stack: Stack): Promise<DependencyGraph>;

  /** The template is read again when next asked for (harmless if the transaction rolls back). */
  abstract forgetTemplate(stackId: string): void;

  /** Stores a new stack and its not-yet-started resource rows (one per resource whose Condition holds). */
  abstract insertStack(tx: Transaction, stack: Stack): Promise<void>;

  /** New not-yet-started rows of an update's added resources. */
  abstract insertAddedResources(
    tx: Transaction,
    stack: Stack,
    rows: Array<Pick<StackResource, 'logicalId' | 'resourceType'>>,
  ): Promise<void>;

  abstract deleteResource(tx: Transaction, row: StackResource): Promise<void>;

  /** Writes row changes without a status change (no event): bookkeeping such as update markers. */
  abstract markResource(tx: Transaction, row: StackResource, changes: Partial<StackResource>): Promise<void>;

  /** Clears every row's update markers (previous, retired, updateAction) once an update is over. */
  abstract clearUpdateMarkers(tx: Transaction, stackId: string): Promise<void>;

  /**
   * Writes changes `resource` already carries to its row. May be written behind (with the transaction's next
   * statement), so a caller keeps using the very object it changed.
   */
  abstract writeResourceRow(tx: Transaction, resource: StackResource, changes: Partial<StackResource>): void;

  abstract saveStack(tx: Transaction, stack: Stack, changes: Partial<Stack>): Promise<void>;

  /** Writes the status fields `stack` carries (status, reason, times, outputs) and bumps its version. */
  abstract saveStackStatus(tx: Transaction, stack: Stack): Promise<void>;

  /** Changes the stack's count of resources not yet CREATE_COMPLETE (settled before the stack row is next read). */
  abstract addToIncompleteCount(tx: Transaction, stackId: string, delta: number): void;

  /** Appends a stack event (written, in order, when the transaction commits). */
  abstract appendEvent(tx: Transaction, event: Omit<StackEvent, 'seq'>): void;
}
