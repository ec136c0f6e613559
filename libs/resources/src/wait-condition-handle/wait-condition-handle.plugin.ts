import { ProvisionedResource, ResourceOperationContext, ResourceTypePlugin } from '../resource-type-plugin';
import { signalUrl, signalUrlSettingsFromEnv } from './wait-condition-signal-url';

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
    return { physicalId: signalUrl(ctx.stackId, ctx.logicalId, signalUrlSettingsFromEnv(this.env)), attributes: {} };
  }

  async delete(): Promise<void> {
    // Nothing exists outside this service.
  }
}
