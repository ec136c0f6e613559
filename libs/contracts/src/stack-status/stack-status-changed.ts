import {
  CloudStackOwner,
  cloudStackOwnerSchema,
  defineContract,
  isoTimestamp,
  nonEmptyString,
  uuid,
} from '../message-contract';

/** The planner moved a stack to a new status (CREATE_COMPLETE, DELETE_COMPLETE, ...). */
export interface StackStatusChangedV1 {
  stackId: string;
  stackName: string;
  accountId: string;
  status: string;
  reason: string | null;
  at: string;
  /** The stack's CloudStack owner (absent: the service's own keys). */
  owner?: CloudStackOwner;
}

export const StackStatusChanged = defineContract<StackStatusChangedV1>('stack.status.changed.v1', {
  type: 'object',
  additionalProperties: false,
  required: ['stackId', 'stackName', 'accountId', 'status', 'reason', 'at'],
  properties: {
    stackId: uuid,
    stackName: nonEmptyString,
    accountId: nonEmptyString,
    status: nonEmptyString,
    reason: { type: ['string', 'null'] },
    at: isoTimestamp,
    owner: cloudStackOwnerSchema,
  },
});
