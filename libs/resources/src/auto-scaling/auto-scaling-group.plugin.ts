import {
  PropertyUpdateBehaviour,
  ProvisionedResource,
  ResourceOperationContext,
  ResourcePropertyError,
  ResourceTypePlugin,
} from '../resource-type-plugin';
import { groupCapacity } from './group-capacity';
import { GroupMembers, MemberTemplate } from './group-members';
import { generatedName } from './group-names';
import { LAUNCH_CONFIGURATION_KEY, memberSpec } from './launch-configuration';

export const AUTO_SCALING_GROUP_TYPE = 'AWS::AutoScaling::AutoScalingGroup';
/** Properties that would change what members are or where traffic goes, which this service cannot honour. */
const UNSUPPORTED_PROPERTIES = [
  'LaunchTemplate',
  'MixedInstancesPolicy',
  'InstanceId',
  'VPCZoneIdentifier',
  'LoadBalancerNames',
  'TargetGroupARNs',
] as const;

/**
 * AWS::AutoScaling::AutoScalingGroup on CloudStack: DesiredCapacity VMs made from the launch configuration,
 * spread over AvailabilityZones, each tagged `aws:autoscaling:groupName` plus the stack's tags. CloudStack has no
 * scaling group, so the group is its members: found by their names, resized in place on update. Ref is the
 * group's name. There are no scaling policies: the group has the size the template says.
 */
export class AutoScalingGroupPlugin implements ResourceTypePlugin {
  readonly type = AUTO_SCALING_GROUP_TYPE;
  readonly attributes = [] as const;
  readonly propertiesSchema = {
    type: 'object',
    required: ['MinSize', 'MaxSize', 'LaunchConfigurationName'],
    properties: {
      LaunchConfigurationName: { type: 'string', minLength: 1 },
      MinSize: { type: ['string', 'integer'] },
      MaxSize: { type: ['string', 'integer'] },
      DesiredCapacity: { type: ['string', 'integer'] },
      AvailabilityZones: { type: 'array', items: { type: 'string' } },
      AutoScalingGroupName: { type: 'string', maxLength: 255 },
      Tags: {
        type: 'array',
        items: { type: 'object', required: ['Key', 'Value', 'PropagateAtLaunch'] },
      },
      [LAUNCH_CONFIGURATION_KEY]: { type: 'object' },
    },
  };

  /** Resizing adds or removes members; the others stay as they are. Anything else makes a new group. */
  readonly updateBehaviour: Readonly<Record<string, PropertyUpdateBehaviour>> = {
    DesiredCapacity: 'NoInterruption',
    MinSize: 'NoInterruption',
    MaxSize: 'NoInterruption',
  };

  async findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    // Converging is idempotent: it finds the members an earlier attempt made and adds only those missing.
    return this.create(ctx, properties);
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const { desiredCapacity } = groupCapacity(properties);
    const template = this.memberTemplate(ctx, properties, properties);
    await ctx.recordProgress({ physicalId: template.groupName });
    return this.resize(ctx, desiredCapacity, template);
  }

  async update(
    ctx: ResourceOperationContext,
    physicalId: string,
    previous: Record<string, unknown>,
    next: Record<string, unknown>,
  ): Promise<ProvisionedResource> {
    const { desiredCapacity } = groupCapacity(next);
    const template = this.memberTemplate(ctx, next, previous);
    return this.resize(ctx, desiredCapacity, { ...template, groupName: physicalId });
  }

  async delete(ctx: ResourceOperationContext): Promise<void> {
    await new GroupMembers(ctx).removeAll();
  }

  private async resize(
    ctx: ResourceOperationContext,
    desired: number,
    template: MemberTemplate,
  ): Promise<ProvisionedResource> {
    const members = await new GroupMembers(ctx).converge(desired, template);
    return { physicalId: template.groupName, attributes: { Members: members } };
  }

  /** `fallback` supplies the launch configuration when `properties` lacks it (an update evaluated elsewhere). */
  private memberTemplate(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
    fallback: Record<string, unknown>,
  ): MemberTemplate {
    const unsupported = UNSUPPORTED_PROPERTIES.filter((name) => properties[name] !== undefined);
    if (unsupported.length > 0) {
      throw new ResourcePropertyError(
        `${unsupported.join(', ')}: not supported on CloudStack; give LaunchConfigurationName and AvailabilityZones`,
      );
    }
    const launchConfiguration = (properties[LAUNCH_CONFIGURATION_KEY] ?? fallback[LAUNCH_CONFIGURATION_KEY]) as
      Record<string, unknown> | undefined;
    if (!launchConfiguration) {
      throw new ResourcePropertyError(
        `LaunchConfigurationName '${String(properties.LaunchConfigurationName)}' does not name a launch configuration of this stack`,
      );
    }
    const tags =
      (properties.Tags as Array<{ Key: string; Value: unknown; PropagateAtLaunch: unknown }> | undefined) ?? [];
    return {
      groupName: generatedName(ctx, properties.AutoScalingGroupName),
      spec: memberSpec(launchConfiguration),
      zones: ((properties.AvailabilityZones as string[] | undefined) ?? []).filter((zone) => zone !== ''),
      tags: Object.fromEntries(
        tags.filter((tag) => String(tag.PropagateAtLaunch) === 'true').map((tag) => [tag.Key, String(tag.Value)]),
      ),
    };
  }
}
