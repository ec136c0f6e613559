import { defineContract, isoTimestamp, nonEmptyString, uuid } from '../message-contract';

/**
 * A signal arrived at a wait condition handle's pre-signed URL (cfn-signal, or curl with the same JSON), or through
 * SignalResource for a resource's CreationPolicy.
 */
export interface WaitConditionSignaledV1 {
  stackId: string;
  /** The wait condition handle, or the resource SignalResource named (an instance or group with a CreationPolicy). */
  handleLogicalId: string;
  /** The sender's UniqueId; a second signal with the same id replaces the first, as on AWS. */
  uniqueId: string;
  status: 'SUCCESS' | 'FAILURE';
  reason: string;
  data: string;
  receivedAt: string;
}

export const WaitConditionSignaled = defineContract<WaitConditionSignaledV1>('waitcondition.signaled.v1', {
  type: 'object',
  additionalProperties: false,
  required: ['stackId', 'handleLogicalId', 'uniqueId', 'status', 'reason', 'data', 'receivedAt'],
  properties: {
    stackId: uuid,
    handleLogicalId: nonEmptyString,
    uniqueId: nonEmptyString,
    status: { enum: ['SUCCESS', 'FAILURE'] },
    reason: { type: 'string' },
    data: { type: 'string' },
    receivedAt: isoTimestamp,
  },
});
