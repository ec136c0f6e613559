import {
  defineContract,
  keyValueList,
  StackIdentity,
  stackIdentityProperties,
  stackIdentityRequired,
  StackLifecycleOptions,
  stackLifecycleProperties,
} from '../message-contract';
import { KeyValue } from '../stack-requests';

/** A stack's template and parameters passed validation; the planner takes it from here. */
export interface TemplateValidatedV1 extends StackIdentity, StackLifecycleOptions {
  /** The parsed template (JSON form, short YAML tags expanded). */
  template: Record<string, unknown>;
  /** Parameter values after defaults and type conversion (CommaDelimitedList becomes a list). */
  parameters: Record<string, string | string[]>;
  /** Parameters declared NoEcho: their values never appear in events, logs or Describe output. */
  noEchoParameters: string[];
  /** Names of the cloud's zones the account can use: what Fn::GetAZs returns. Absent from older messages. */
  availabilityZones?: string[];
  tags: KeyValue[];
  disableRollback: boolean;
}

export const TemplateValidated = defineContract<TemplateValidatedV1>('template.validated.v1', {
  type: 'object',
  additionalProperties: false,
  required: [...stackIdentityRequired, 'template', 'parameters', 'noEchoParameters', 'tags', 'disableRollback'],
  properties: {
    ...stackIdentityProperties,
    template: { type: 'object' },
    parameters: {
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    },
    noEchoParameters: { type: 'array', items: { type: 'string' } },
    availabilityZones: { type: 'array', items: { type: 'string' } },
    tags: keyValueList,
    disableRollback: { type: 'boolean' },
    ...stackLifecycleProperties,
  },
});
