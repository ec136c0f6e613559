import { defineContract, isoTimestamp, keyValueList, nonEmptyString, uuid } from '../message-contract';

export interface KeyValue {
  key: string;
  value: string;
}

/** The api accepted a CreateStack call; the validator checks it before the planner sees it. */
export interface StackCreateRequestedV1 {
  stackId: string;
  stackArn: string;
  stackName: string;
  accountId: string;
  region: string;
  templateBody: string;
  parameters: KeyValue[];
  tags: KeyValue[];
  capabilities: string[];
  disableRollback: boolean;
  requestedAt: string;
}

export const StackCreateRequested = defineContract<StackCreateRequestedV1>('stack.create.requested.v1', {
  type: 'object',
  additionalProperties: false,
  required: ['stackId', 'stackArn', 'stackName', 'accountId', 'region', 'templateBody', 'parameters', 'tags',
    'capabilities', 'disableRollback', 'requestedAt'],
  properties: {
    stackId: uuid,
    stackArn: nonEmptyString,
    stackName: nonEmptyString,
    accountId: nonEmptyString,
    region: nonEmptyString,
    templateBody: nonEmptyString,
    parameters: keyValueList,
    tags: keyValueList,
    capabilities: { type: 'array', items: { type: 'string' } },
    disableRollback: { type: 'boolean' },
    requestedAt: isoTimestamp,
  },
});
