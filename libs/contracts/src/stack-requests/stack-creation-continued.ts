import { defineContract, uuid } from '../message-contract';

/**
 * The planner to itself: a stack being created has more resources ready to start than one transaction starts
 * (StackEngine), so the next transaction starts the next of them. Committed with the transaction that started the
 * first ones, so a planner that dies in between leaves the rest to whichever planner takes the message.
 */
export interface StackCreationContinuedV1 {
  stackId: string;
}

export const StackCreationContinued = defineContract<StackCreationContinuedV1>('stack.creation.continued.v1', {
  type: 'object',
  additionalProperties: false,
  required: ['stackId'],
  properties: { stackId: uuid },
});
