import { ProvisionedResource, ResourcePropertyError, ResourceTypePlugin } from '../resource-type-plugin';

export const WAIT_CONDITION_TYPE = 'AWS::CloudFormation::WaitCondition';
/** AWS caps a wait condition's Timeout at 12 hours. */
export const MAX_WAIT_CONDITION_TIMEOUT_SECONDS = 43_200;

/**
 * AWS::CloudFormation::WaitCondition: waits for Count signals at its Handle's URL, or fails on a FAILURE signal
 * or after Timeout seconds. Nothing exists in the cloud: the planner itself waits (it hears the signals), so
 * create is never asked of the provisioner; delete has nothing to remove.
 */
export class WaitConditionPlugin implements ResourceTypePlugin {
  readonly type = WAIT_CONDITION_TYPE;
  readonly executor = 'planner' as const;
  readonly attributes = ['Data'] as const;
  readonly propertiesSchema = {
    type: 'object',
    required: ['Handle', 'Timeout'],
    additionalProperties: false,
    properties: {
      Handle: { type: 'string', minLength: 1 },
      Timeout: {
        type: ['string', 'integer'],
        pattern: '^[0-9]+$',
        minimum: 1,
        maximum: MAX_WAIT_CONDITION_TIMEOUT_SECONDS,
      },
      Count: { type: ['string', 'integer'], pattern: '^[0-9]+$', minimum: 1 },
    },
  };

  async findExisting(): Promise<ProvisionedResource | null> {
    return null;
  }

  async create(): Promise<ProvisionedResource> {
    throw new ResourcePropertyError('A wait condition is waited for by the planner, not created in the cloud');
  }

  async delete(): Promise<void> {
    // Nothing exists outside this service.
  }
}

/** Count, Timeout and the handle a wait condition listens to, read from its evaluated properties. */
export function waitConditionSettings(properties: Record<string, unknown>): {
  handleLogicalId: string;
  count: number;
  timeoutSeconds: number;
} {
  const handle = String(properties.Handle ?? '');
  const match = /\/waitcondition\/[^/]+\/([^/?]+)(?:\?|$)/.exec(handle);
  if (!match)
    throw new ResourcePropertyError(`Handle '${handle}' is not the URL of a wait condition handle of this service`);
  const count = Number(properties.Count ?? 1);
  const timeoutSeconds = Number(properties.Timeout);
  if (!Number.isInteger(count) || count < 1)
    throw new ResourcePropertyError(`Count must be a positive integer, got '${properties.Count}'`);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > MAX_WAIT_CONDITION_TIMEOUT_SECONDS) {
    throw new ResourcePropertyError(
      `Timeout must be a whole number of seconds from 1 to ${MAX_WAIT_CONDITION_TIMEOUT_SECONDS}, got '${properties.Timeout}'`,
    );
  }
  return { handleLogicalId: decodeURIComponent(match[1]), count, timeoutSeconds };
}
