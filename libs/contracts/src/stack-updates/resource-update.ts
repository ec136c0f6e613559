import {
  CloudStackOwner,
  cloudStackOwnerSchema,
  defineContract,
  keyValueList,
  nonEmptyString,
  uuid,
} from '../message-contract';

/** Change one resource in place: every changed property is updatable without replacement (the plugin's `update`). */
export interface ResourceUpdateRequestedV1 {
  operationId: string;
  stackId: string;
  stackName: string;
  accountId: string;
  region: string;
  logicalId: string;
  resourceType: string;
  physicalId: string;
  /** Properties the object has now (evaluated). */
  previousProperties: Record<string, unknown>;
  /** Properties it must have (evaluated). */
  properties: Record<string, unknown>;
  noEchoPaths?: string[];
  /** The stack's own Tags (CreateStack Tags): every cloud object the stack makes carries them. */
  stackTags?: Array<{ key: string; value: string }>;
  /** The CloudStack user whose keys every call for this resource is signed with (absent: the service's own keys). */
  owner?: CloudStackOwner;
}

export interface ResourceUpdateSucceededV1 {
  operationId: string;
  stackId: string;
  logicalId: string;
  physicalId: string;
  attributes: Record<string, unknown>;
  /** What the resource type decided that the template did not say: a stack event. */
  note?: string;
}

export interface ResourceUpdateFailedV1 {
  operationId: string;
  stackId: string;
  logicalId: string;
  reason: string;
}

const ids = { operationId: uuid, stackId: uuid, logicalId: nonEmptyString };

export const ResourceUpdateRequested = defineContract<ResourceUpdateRequestedV1>('resource.update.requested.v1', {
  type: 'object',
  additionalProperties: false,
  required: [
    ...Object.keys(ids),
    'stackName',
    'accountId',
    'region',
    'resourceType',
    'physicalId',
    'previousProperties',
    'properties',
  ],
  properties: {
    ...ids,
    stackName: nonEmptyString,
    accountId: nonEmptyString,
    region: nonEmptyString,
    resourceType: nonEmptyString,
    physicalId: nonEmptyString,
    previousProperties: { type: 'object' },
    properties: { type: 'object' },
    noEchoPaths: { type: 'array', items: { type: 'string' } },
    stackTags: keyValueList,
    owner: cloudStackOwnerSchema,
  },
});

export const ResourceUpdateSucceeded = defineContract<ResourceUpdateSucceededV1>('resource.update.succeeded.v1', {
  type: 'object',
  additionalProperties: false,
  required: [...Object.keys(ids), 'physicalId', 'attributes'],
  properties: { ...ids, physicalId: nonEmptyString, attributes: { type: 'object' }, note: nonEmptyString },
});

export const ResourceUpdateFailed = defineContract<ResourceUpdateFailedV1>('resource.update.failed.v1', {
  type: 'object',
  additionalProperties: false,
  required: [...Object.keys(ids), 'reason'],
  properties: { ...ids, reason: nonEmptyString },
});
