import { CatalogueLookup } from '../cloudstack-vm/catalogue-lookup';
import { ProvisionedResource, ResourceOperationContext, ResourceTypePlugin } from '../resource-type-plugin';
import { generatedName } from './group-names';
import { memberSpec } from './launch-configuration';

export const LAUNCH_CONFIGURATION_TYPE = 'AWS::AutoScaling::LaunchConfiguration';
/**
 * AWS::AutoScaling::LaunchConfiguration: what the members of a group are made from. CloudStack has no such object,
 * so nothing is made in the cloud; creating it checks that its image and instance type exist (a mistake fails here,
 * before any member is deployed) and names it. Its Metadata (AWS::CloudFormation::Init) configures the members.
 */
export class LaunchConfigurationPlugin implements ResourceTypePlugin {
  readonly type = LAUNCH_CONFIGURATION_TYPE;
  readonly attributes = [] as const;
  readonly propertiesSchema = {
    type: 'object',
    required: ['ImageId', 'InstanceType'],
    properties: {
      ImageId: { type: 'string', minLength: 1 },
      InstanceType: { type: 'string', minLength: 1 },
      KeyName: { type: 'string' },
      SecurityGroups: { type: 'array', items: {} },
      UserData: { type: 'string' },
      BlockDeviceMappings: { type: 'array', items: { type: 'object' } },
      LaunchConfigurationName: { type: 'string', maxLength: 255 },
    },
  };

  async findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    return this.create(ctx, properties);
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const spec = memberSpec(properties);
    const lookup = new CatalogueLookup(ctx.cloud);
    const zone = await lookup.zone(undefined);
    await lookup.template(spec.template, zone.id);
    await lookup.serviceOffering(spec.serviceOffering);
    return { physicalId: generatedName(ctx, properties.LaunchConfigurationName), attributes: {} };
  }

  async delete(): Promise<void> {
    // Nothing exists in the cloud; members made from it belong to their group.
  }
}
