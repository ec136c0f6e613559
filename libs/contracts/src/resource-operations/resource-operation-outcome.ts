import { defineContract, nonEmptyString, uuid } from '../message-contract';

interface ResourceOperationOutcome {
  operationId: string;
  stackId: string;
  logicalId: string;
}

export interface ResourceCreateSucceededV1 extends ResourceOperationOutcome {
  physicalId: string;
  /** Values Fn::GetAtt can read, e.g. PrivateIp. */
  attributes: Record<string, unknown>;
  /** What the resource type decided that the template did not say (the offering an instance type became ...): a stack event. */
  note?: string;
}

export interface ResourceCreateFailedV1 extends ResourceOperationOutcome {
  reason: string;
  /** Set when the cloud object was made before the failure, so that rollback removes it. */
  physicalId: string | null;
}

export type ResourceDeleteSucceededV1 = ResourceOperationOutcome;

export interface ResourceDeleteFailedV1 extends ResourceOperationOutcome {
  reason: string;
}

const outcomeProperties = { operationId: uuid, stackId: uuid, logicalId: nonEmptyString };
const outcomeRequired = Object.keys(outcomeProperties);

export const ResourceCreateSucceeded = defineContract<ResourceCreateSucceededV1>('resource.create.succeeded.v1', {
  type: 'object',
  additionalProperties: false,
  required: [...outcomeRequired, 'physicalId', 'attributes'],
  properties: {
    ...outcomeProperties,
    physicalId: nonEmptyString,
    attributes: { type: 'object' },
    note: nonEmptyString,
  },
});

export const ResourceCreateFailed = defineContract<ResourceCreateFailedV1>('resource.create.failed.v1', {
  type: 'object',
  additionalProperties: false,
  required: [...outcomeRequired, 'reason', 'physicalId'],
  properties: { ...outcomeProperties, reason: nonEmptyString, physicalId: { type: ['string', 'null'] } },
});

export const ResourceDeleteSucceeded = defineContract<ResourceDeleteSucceededV1>('resource.delete.succeeded.v1', {
  type: 'object',
  additionalProperties: false,
  required: outcomeRequired,
  properties: outcomeProperties,
});

export const ResourceDeleteFailed = defineContract<ResourceDeleteFailedV1>('resource.delete.failed.v1', {
  type: 'object',
  additionalProperties: false,
  required: [...outcomeRequired, 'reason'],
  properties: { ...outcomeProperties, reason: nonEmptyString },
});
