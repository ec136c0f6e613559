import {
  defineContract,
  isoTimestamp,
  keyValueList,
  nonEmptyString,
  StackIdentity,
  stackIdentityProperties,
  stackIdentityRequired,
  uuid,
} from '../message-contract';
import { KeyValue } from '../stack-requests';

/**
 * The planner started an AWS::CloudFormation::Stack resource: the api (which owns stack identities) fetches the
 * template, checks it and records the child stack, which then takes the path every CreateStack takes. The identity
 * fields name the child; its id and name are chosen by the planner so that the parent's resource knows them at once.
 * A template that cannot be fetched or fails its checks is answered with resource.create.failed.v1 for the parent.
 */
export interface NestedStackCreateRequestedV1 extends StackIdentity {
  /** The parent's resource attempt (resource.create.failed.v1 answers it). */
  operationId: string;
  parentStackId: string;
  parentStackArn: string;
  rootStackArn: string;
  logicalId: string;
  templateURL: string;
  parameters: KeyValue[];
  /** Keys of `parameters` whose values carry the parent's NoEcho values (the audit log masks them). */
  noEchoParameters?: string[];
  tags: KeyValue[];
  disableRollback: boolean;
  requestedAt: string;
}

export const NestedStackCreateRequested = defineContract<NestedStackCreateRequestedV1>(
  'nested-stack.create.requested.v1',
  {
    type: 'object',
    additionalProperties: false,
    required: [
      ...stackIdentityRequired,
      'operationId',
      'parentStackId',
      'parentStackArn',
      'rootStackArn',
      'logicalId',
      'templateURL',
      'parameters',
      'tags',
      'disableRollback',
      'requestedAt',
    ],
    properties: {
      ...stackIdentityProperties,
      operationId: uuid,
      parentStackId: uuid,
      parentStackArn: nonEmptyString,
      rootStackArn: nonEmptyString,
      logicalId: nonEmptyString,
      templateURL: nonEmptyString,
      parameters: keyValueList,
      noEchoParameters: { type: 'array', items: { type: 'string' } },
      tags: keyValueList,
      disableRollback: { type: 'boolean' },
      requestedAt: isoTimestamp,
    },
  },
);
