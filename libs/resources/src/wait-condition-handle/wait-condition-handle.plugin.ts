import {
  ProvisionedResource,
  ResourceOperationContext,
  ResourcePropertyError,
  ResourceTypePlugin,
} from '../resource-type-plugin';
import { signalUrl, signalUrlSettingsFromEnv } from './wait-condition-signal-url';

/** Physical ids are stored in 255 characters. */
const MAX_PHYSICAL_ID_LENGTH = 255;

/**
 * AWS::CloudFormation::WaitConditionHandle: nothing is made in the cloud. Its physical id, and so its Ref, is the
 * pre-signed URL instances send their signal to (the wait condition that waits for it comes later).
 */
export class WaitConditionHandlePlugin implements ResourceTypePlugin {
  readonly type = 'AWS::CloudFormation::WaitConditionHandle';
  readonly attributes = [] as const;
  readonly propertiesSchema = { type: 'object', additionalProperties: false, properties: {} };

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async findExisting(ctx: ResourceOperationContext): Promise<ProvisionedResource | null> {
    return this.create(ctx);
  }

  async create(ctx: ResourceOperationContext): Promise<ProvisionedResource> {
    const url = signalUrl(ctx.stackId, ctx.logicalId, signalUrlSettingsFromEnv(this.env));
    if (url.length > MAX_PHYSICAL_ID_LENGTH) {
      throw new ResourcePropertyError(
        `The signal URL of ${ctx.logicalId} would be ${url.length} characters, over ${MAX_PHYSICAL_ID_LENGTH}: use a shorter logical id or CFN_PUBLIC_URL`,
      );
    }
    return { physicalId: url, attributes: {} };
  }

  async delete(): Promise<void> {
    // Nothing exists outside this service.
  }
}
