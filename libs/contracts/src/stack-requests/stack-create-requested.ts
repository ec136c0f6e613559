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
  StackLifecycleOptions,
  stackLifecycleProperties,
} from '../message-contract';

export interface KeyValue {
  key: string;
  value: string;
}

/** The api accepted a CreateStack call; the validator checks it before the planner sees it. */
export interface StackCreateRequestedV1 extends StackIdentity, StackLifecycleOptions {
  templateBody: string;
  /**
   * The template as the api parsed it from `templateBody` when it accepted the stack, so that the validator checks
   * this document instead of parsing the body again (ADR 43). Absent from older messages and from the execution
   * of a CREATE change set and nested stacks.
   */
  template?: Record<string, unknown>;
  parameters: KeyValue[];
  /** Keys of `parameters` declared NoEcho (the audit log masks their values). Absent from older messages. */
  noEchoParameters?: string[];
  tags: KeyValue[];
  capabilities: string[];
  disableRollback: boolean;
  requestedAt: string;
  /** Who asked (the audit log records it). */
  requestedBy?: Requester;
}

export const StackCreateRequested = defineContract<StackCreateRequestedV1>('stack.create.requested.v1', {
  type: 'object',
  additionalProperties: false,
  required: [
    ...stackIdentityRequired,
    'templateBody',
    'parameters',
    'tags',
    'capabilities',
    'disableRollback',
    'requestedAt',
  ],
  properties: {
    ...stackIdentityProperties,
    templateBody: nonEmptyString,
    template: { type: 'object' },
    parameters: keyValueList,
    noEchoParameters: { type: 'array', items: { type: 'string' } },
    tags: keyValueList,
    capabilities: { type: 'array', items: { type: 'string' } },
    disableRollback: { type: 'boolean' },
    requestedAt: isoTimestamp,
    requestedBy: requesterSchema,
    ...stackLifecycleProperties,
  },
});
