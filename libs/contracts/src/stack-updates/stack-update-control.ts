import { defineContract, isoTimestamp, nonEmptyString, Requester, requesterSchema, uuid } from '../message-contract';

/** CancelUpdateStack: an update in progress stops and rolls back. */
export interface StackUpdateCancelRequestedV1 {
  stackId: string;
  requestedAt: string;
  clientRequestToken?: string;
  /** Who asked (the audit log records it). */
  requestedBy?: Requester;
}

/** ContinueUpdateRollback: a stack in UPDATE_ROLLBACK_FAILED tries its rollback again, skipping the named resources. */
export interface StackRollbackContinueRequestedV1 {
  stackId: string;
  resourcesToSkip: string[];
  requestedAt: string;
  clientRequestToken?: string;
  /** Who asked (the audit log records it). */
  requestedBy?: Requester;
}

export const StackUpdateCancelRequested = defineContract<StackUpdateCancelRequestedV1>(
  'stack.update-cancel.requested.v1',
  {
    type: 'object',
    additionalProperties: false,
    required: ['stackId', 'requestedAt'],
    properties: {
      stackId: uuid,
      requestedAt: isoTimestamp,
      clientRequestToken: { type: 'string', minLength: 1, maxLength: 128 },
      requestedBy: requesterSchema,
    },
  },
);

export const StackRollbackContinueRequested = defineContract<StackRollbackContinueRequestedV1>(
  'stack.rollback-continue.requested.v1',
  {
    type: 'object',
    additionalProperties: false,
    required: ['stackId', 'resourcesToSkip', 'requestedAt'],
    properties: {
      stackId: uuid,
      resourcesToSkip: { type: 'array', items: nonEmptyString },
      requestedAt: isoTimestamp,
      clientRequestToken: { type: 'string', minLength: 1, maxLength: 128 },
      requestedBy: requesterSchema,
    },
  },
);
