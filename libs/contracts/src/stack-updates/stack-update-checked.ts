import {
  defineContract,
  keyValueList,
  nonEmptyString,
  StackIdentity,
  stackIdentityProperties,
  stackIdentityRequired,
} from '../message-contract';
import { KeyValue } from '../stack-requests';

/** An update's template and parameters passed validation; the planner carries the update out. */
export interface StackUpdateValidatedV1 extends StackIdentity {
  version: number;
  template: Record<string, unknown>;
  parameters: Record<string, string | string[]>;
  noEchoParameters: string[];
  availabilityZones?: string[];
  tags: KeyValue[];
  disableRollback: boolean;
  clientRequestToken?: string;
}

/** An update failed validation: the stack goes through UPDATE_ROLLBACK_* with this reason, its resources untouched. */
export interface StackUpdateRejectedV1 extends StackIdentity {
  version: number;
  reason: string;
  clientRequestToken?: string;
}

export const StackUpdateValidated = defineContract<StackUpdateValidatedV1>('stack.update.validated.v1', {
  type: 'object',
  additionalProperties: false,
  required: [
    ...stackIdentityRequired,
    'version',
    'template',
    'parameters',
    'noEchoParameters',
    'tags',
    'disableRollback',
  ],
  properties: {
    ...stackIdentityProperties,
    version: { type: 'integer', minimum: 1 },
    template: { type: 'object' },
    parameters: {
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    },
    noEchoParameters: { type: 'array', items: { type: 'string' } },
    availabilityZones: { type: 'array', items: { type: 'string' } },
    tags: keyValueList,
    disableRollback: { type: 'boolean' },
    clientRequestToken: { type: 'string', minLength: 1, maxLength: 128 },
  },
});

export const StackUpdateRejected = defineContract<StackUpdateRejectedV1>('stack.update.rejected.v1', {
  type: 'object',
  additionalProperties: false,
  required: [...stackIdentityRequired, 'version', 'reason'],
  properties: {
    ...stackIdentityProperties,
    version: { type: 'integer', minimum: 1 },
    reason: nonEmptyString,
    clientRequestToken: { type: 'string', minLength: 1, maxLength: 128 },
  },
});
