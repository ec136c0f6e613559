import {
  defineContract,
  nonEmptyString,
  StackIdentity,
  stackIdentityProperties,
  stackIdentityRequired,
  StackLifecycleOptions,
  stackLifecycleProperties,
} from '../message-contract';

/** A stack's template or parameters failed validation; the stack fails with this reason. */
export interface TemplateRejectedV1 extends StackIdentity, StackLifecycleOptions {
  reason: string;
}

export const TemplateRejected = defineContract<TemplateRejectedV1>('template.rejected.v1', {
  type: 'object',
  additionalProperties: false,
  required: [...stackIdentityRequired, 'reason'],
  properties: {
    ...stackIdentityProperties,
    reason: nonEmptyString,
    ...stackLifecycleProperties,
  },
});
