import {
  defineContract,
  isoTimestamp,
  keyValueList,
  nonEmptyString,
  Requester,
  requesterSchema,
  StackIdentity,
  stackIdentityProperties,
  stackIdentityRequired,
} from '../message-contract';
import { KeyValue } from '../stack-requests';

/**
 * The api accepted an UpdateStack (or ExecuteChangeSet of an UPDATE change set); the validator checks it before
 * the planner sees it. `version` numbers the stack's updates (1, 2, ...): the planner takes each once, in order.
 */
export interface StackUpdateRequestedV1 extends StackIdentity {
  version: number;
  templateBody: string;
  /** The template as the api parsed it from `templateBody`, checked by the validator instead of the body (ADR 43). */
  template?: Record<string, unknown>;
  parameters: KeyValue[];
  noEchoParameters?: string[];
  tags: KeyValue[];
  capabilities: string[];
  /** DisableRollback of UpdateStack: a failed update stops at UPDATE_FAILED instead of rolling back. */
  disableRollback: boolean;
  requestedAt: string;
  /** The ClientRequestToken of the UpdateStack / ExecuteChangeSet call; the update's stack events carry it. */
  clientRequestToken?: string;
  /** Who asked (the audit log records it). */
  requestedBy?: Requester;
}

export const StackUpdateRequested = defineContract<StackUpdateRequestedV1>('stack.update.requested.v1', {
  type: 'object',
  additionalProperties: false,
  required: [
    ...stackIdentityRequired,
    'version',
    'templateBody',
    'parameters',
    'tags',
    'capabilities',
    'disableRollback',
    'requestedAt',
  ],
  properties: {
    ...stackIdentityProperties,
    version: { type: 'integer', minimum: 1 },
    templateBody: nonEmptyString,
    template: { type: 'object' },
    parameters: keyValueList,
    noEchoParameters: { type: 'array', items: { type: 'string' } },
    tags: keyValueList,
    capabilities: { type: 'array', items: { type: 'string' } },
    disableRollback: { type: 'boolean' },
    requestedAt: isoTimestamp,
    clientRequestToken: { type: 'string', minLength: 1, maxLength: 128 },
    requestedBy: requesterSchema,
  },
});
