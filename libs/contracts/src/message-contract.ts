/**
 * A message contract: the versioned routing key a message travels under and the JSON schema its body must satisfy.
 * Both ends check bodies against the same schema (publisher before sending, consumer before handling).
 */
export interface MessageContract<T> {
  readonly routingKey: string;
  readonly schema: Record<string, unknown>;
  /** Phantom field so that a contract carries its payload type. */
  readonly __payload?: T;
}

export type PayloadOf<C> = C extends MessageContract<infer T> ? T : never;

export function defineContract<T>(routingKey: string, schema: Record<string, unknown>): MessageContract<T> {
  return { routingKey, schema: { $id: routingKey, ...schema } };
}

export const uuid = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' };
export const nonEmptyString = { type: 'string', minLength: 1 };
export const isoTimestamp = { type: 'string', format: 'date-time' };
export const keyValueList = {
  type: 'array',
  items: {
    type: 'object',
    required: ['key', 'value'],
    additionalProperties: false,
    properties: { key: { type: 'string' }, value: { type: 'string' } },
  },
};

/**
 * The CloudStack user a stack acts as (the user who created it): every CloudStack call made for the stack is signed
 * with this user's own keys, which workers fetch from CloudStack when they need them; keys never travel in a message.
 * Absent for stacks created with one of the service's own credentials: those act with the service's administrator
 * keys.
 */
export interface CloudStackOwner {
  userId: string;
  /** The CloudStack account's name and domain id, for logs and error messages. */
  accountName: string;
  domainId: string;
}

export const cloudStackOwnerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['userId', 'accountName', 'domainId'],
  properties: { userId: nonEmptyString, accountName: nonEmptyString, domainId: nonEmptyString },
};

/** Who asked for a change (the audit log records it): a CloudStack user, or one of the service's own credentials. */
export interface Requester {
  /** The CloudStack user name, or the access key id of a service credential. */
  userName: string;
  /** The CloudStack account name (`default` for the service's own credentials). */
  accountName: string;
  /** The CloudStack domain's path (ROOT/...), absent for the service's own credentials. */
  domainPath?: string;
  userId?: string;
}

export const requesterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['userName', 'accountName'],
  properties: {
    userName: nonEmptyString,
    accountName: nonEmptyString,
    domainPath: nonEmptyString,
    userId: nonEmptyString,
  },
};

/** Who a stack is: carried by every message that starts or settles a stack. */
export interface StackIdentity {
  stackId: string;
  stackArn: string;
  stackName: string;
  accountId: string;
  region: string;
  owner?: CloudStackOwner;
}

export const stackIdentityProperties = {
  stackId: uuid,
  stackArn: nonEmptyString,
  stackName: nonEmptyString,
  accountId: nonEmptyString,
  region: nonEmptyString,
  owner: cloudStackOwnerSchema,
};
export const stackIdentityRequired = Object.keys(stackIdentityProperties).filter((key) => key !== 'owner');

/** The `owner` field of a message: present only for stacks that act as a CloudStack user. */
export function ownerField(owner: CloudStackOwner | null | undefined): { owner?: CloudStackOwner } {
  return owner ? { owner } : {};
}

/** The stack identity a message carries, taken from another message (or row) about the same stack. */
export function stackIdentityOf(source: StackIdentity): StackIdentity {
  const { stackId, stackArn, stackName, accountId, region, owner } = source;
  return { stackId, stackArn, stackName, accountId, region, ...ownerField(owner) };
}

/**
 * CreateStack's life-cycle options, carried from the api through the validator to the planner. Absent from
 * older messages (then: roll back, no timeout, no token).
 */
export interface StackLifecycleOptions {
  onFailure?: 'ROLLBACK' | 'DELETE' | 'DO_NOTHING';
  timeoutInMinutes?: number;
  clientRequestToken?: string;
}

export const stackLifecycleProperties = {
  onFailure: { enum: ['ROLLBACK', 'DELETE', 'DO_NOTHING'] },
  timeoutInMinutes: { type: 'integer', minimum: 1 },
  clientRequestToken: { type: 'string', minLength: 1, maxLength: 128 },
};
