import { defineContract, isoTimestamp, uuid } from '../message-contract';

/** The api accepted a DeleteStack call for a stack that exists. */
export interface StackDeleteRequestedV1 {
  stackId: string;
  requestedAt: string;
}

export const StackDeleteRequested = defineContract<StackDeleteRequestedV1>('stack.delete.requested.v1', {
  type: 'object',
  additionalProperties: false,
  required: ['stackId', 'requestedAt'],
  properties: { stackId: uuid, requestedAt: isoTimestamp },
});
