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

/** Who a stack is: carried by every message that starts or settles a stack. */
export interface StackIdentity {
  stackId: string;
  stackArn: string;
  stackName: string;
  accountId: string;
  region: string;
}

export const stackIdentityProperties = {
  stackId: uuid,
  stackArn: nonEmptyString,
  stackName: nonEmptyString,
  accountId: nonEmptyString,
  region: nonEmptyString,
};
export const stackIdentityRequired = Object.keys(stackIdentityProperties);

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
