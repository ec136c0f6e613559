import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';

/**
 * One life-cycle operation's full pass (create, teardown, update), taken for the stack statuses it handles. A pass
 * returns the resources the planner itself waits for that it has just started, for StackEngine to check at once.
 */
export interface StackPass {
  handles(status: string): boolean;
  advance(tx: Transaction, stack: Stack, resources: StackResource[]): Promise<StackResource[] | void>;
}

/** Nest token of the passes, a list the PlannerModule wires (no pass registers itself). */
export const STACK_PASSES = Symbol('STACK_PASSES');
