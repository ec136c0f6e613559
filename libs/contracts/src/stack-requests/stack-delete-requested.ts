import { defineContract, isoTimestamp, nonEmptyString, Requester, requesterSchema, uuid } from '../message-contract';

/** The api accepted a DeleteStack call for a stack that exists. */
export interface StackDeleteRequestedV1 {
  stackId: string;
  requestedAt: string;
  /** Logical ids to keep (RetainResources; only for a stack in DELETE_FAILED). */
  retainResources?: string[];
  clientRequestToken?: string;
  /** Who asked (the audit log records it). */
  requestedBy?: Requester;
}

export const StackDeleteRequested = defineContract<StackDeleteRequestedV1>('stack.delete.requested.v1', {
  type: 'object',
  additionalProperties: false,
  required: ['stackId', 'requestedAt'],
  properties: {
    stackId: uuid,
    requestedAt: isoTimestamp,
    retainResources: { type: 'array', items: nonEmptyString },
    clientRequestToken: { type: 'string', minLength: 1, maxLength: 128 },
    requestedBy: requesterSchema,
  },
});
