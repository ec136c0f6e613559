import {
  CloudStackOwner,
  cloudStackOwnerSchema,
  defineContract,
  keyValueList,
  nonEmptyString,
  uuid,
} from '../message-contract';

/** Fields every request to act on one resource carries. `operationId` names one attempt and makes retries idempotent. */
interface ResourceOperationRequest {
  operationId: string;
  stackId: string;
  stackName: string;
  accountId: string;
  region: string;
  logicalId: string;
  resourceType: string;
  /** The stack's own Tags (CreateStack Tags): every cloud object the stack makes carries them. */
  stackTags?: Array<{ key: string; value: string }>;
  /** The CloudStack user whose keys every call for this resource is signed with (absent: the service's own keys). */
  owner?: CloudStackOwner;
}

export interface ResourceCreateRequestedV1 extends ResourceOperationRequest {
  /** Properties with every intrinsic function already evaluated. */
  properties: Record<string, unknown>;
  /** JSON Pointers into `properties` of the strings holding a NoEcho parameter's value (masked in the audit log). */
  noEchoPaths?: string[];
  /**
   * Set when the new object replaces one (a stack update): the object it replaces, which an earlier attempt's
   * search must not mistake for its own, and the update's number, which names derived from the logical id carry.
   */
  replacement?: { physicalId: string; generation: number };
}

export interface ResourceDeleteRequestedV1 extends ResourceOperationRequest {
  physicalId: string | null;
  properties: Record<string, unknown>;
  noEchoPaths?: string[];
  /** DeletionPolicy Snapshot: a snapshot of the object is taken before it is deleted. */
  deletionPolicy?: 'Snapshot';
}

const requestProperties = {
  operationId: uuid,
  stackId: uuid,
  stackName: nonEmptyString,
  accountId: nonEmptyString,
  region: nonEmptyString,
  logicalId: nonEmptyString,
  resourceType: nonEmptyString,
  properties: { type: 'object' },
  noEchoPaths: { type: 'array', items: { type: 'string' } },
  stackTags: keyValueList,
  owner: cloudStackOwnerSchema,
};
const requestRequired = Object.keys(requestProperties).filter(
  (key) => key !== 'noEchoPaths' && key !== 'stackTags' && key !== 'owner',
);

export const ResourceCreateRequested = defineContract<ResourceCreateRequestedV1>('resource.create.requested.v1', {
  type: 'object',
  additionalProperties: false,
  required: requestRequired,
  properties: {
    ...requestProperties,
    replacement: {
      type: 'object',
      additionalProperties: false,
      required: ['physicalId', 'generation'],
      properties: { physicalId: { type: 'string' }, generation: { type: 'integer', minimum: 1 } },
    },
  },
});

export const ResourceDeleteRequested = defineContract<ResourceDeleteRequestedV1>('resource.delete.requested.v1', {
  type: 'object',
  additionalProperties: false,
  required: [...requestRequired, 'physicalId'],
  properties: {
    ...requestProperties,
    physicalId: { type: ['string', 'null'] },
    deletionPolicy: { enum: ['Snapshot'] },
  },
});
