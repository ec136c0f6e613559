import {
  ProvisionedResource,
  ResourceOperationContext,
  ResourcePropertyError,
  ResourceTypePlugin,
} from '../resource-type-plugin';
import { AWS_RULE_SCHEMA } from './ec2-security-group.plugin';
import {
  authorizeRule,
  requireSecurityGroup,
  revokeRule,
  RuleDirection,
  ruleFromAws,
  ruleFromCloudStack,
  SecurityRule,
} from './security-group-rules';

/**
 * One rule added to an existing group. Its physical id is CloudStack's rule id; a retry finds the rule by its shape
 * (CloudStack keeps no two identical rules in a group), so it is never added twice.
 */
abstract class SecurityGroupRulePluginBase implements ResourceTypePlugin {
  abstract readonly type: string;
  abstract readonly propertiesSchema: Record<string, unknown>;
  readonly attributes = ['Id'] as const;
  protected abstract rule(properties: Record<string, unknown>): SecurityRule;
  protected abstract group(properties: Record<string, unknown>): { id?: string; name?: string };

  findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    return this.create(ctx, properties);
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const by = this.group(properties);
    if (!by.id && !by.name) throw new ResourcePropertyError(`${this.type} needs the group's id or name`);
    const group = await requireSecurityGroup(ctx.cloud, by);
    const ruleId = await authorizeRule(ctx.cloud, group, this.rule(properties));
    return { physicalId: ruleId, attributes: { Id: ruleId } };
  }

  async delete(ctx: ResourceOperationContext, physicalId: string, properties: Record<string, unknown>): Promise<void> {
    await revokeRule(ctx.cloud, this.rule(properties).direction, physicalId);
  }
}

class Ec2SecurityGroupRulePlugin extends SecurityGroupRulePluginBase {
  readonly propertiesSchema = {
    ...AWS_RULE_SCHEMA,
    properties: { ...AWS_RULE_SCHEMA.properties, GroupId: { type: 'string' }, GroupName: { type: 'string' } },
  };

  constructor(
    readonly type: string,
    private readonly direction: RuleDirection,
  ) {
    super();
  }

  protected rule(properties: Record<string, unknown>): SecurityRule {
    return ruleFromAws(this.direction, properties);
  }

  protected group(properties: Record<string, unknown>) {
    return { id: properties.GroupId as string | undefined, name: properties.GroupName as string | undefined };
  }
}

/** AWS::EC2::SecurityGroupIngress (GroupId or GroupName). */
export class Ec2SecurityGroupIngressPlugin extends Ec2SecurityGroupRulePlugin {
  constructor() {
    super('AWS::EC2::SecurityGroupIngress', 'ingress');
  }
}

/** AWS::EC2::SecurityGroupEgress (GroupId). */
export class Ec2SecurityGroupEgressPlugin extends Ec2SecurityGroupRulePlugin {
  constructor() {
    super('AWS::EC2::SecurityGroupEgress', 'egress');
  }
}

/** CloudStack::SecurityGroupRule: authorizeSecurityGroupIngress/Egress's parameters; Type picks the direction. */
export class CloudStackSecurityGroupRulePlugin extends SecurityGroupRulePluginBase {
  readonly type = 'CloudStack::SecurityGroupRule';
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      SecurityGroupId: { type: 'string' },
      SecurityGroupName: { type: 'string' },
      Type: { type: 'string', enum: ['ingress', 'egress'] },
      Protocol: { type: 'string' },
      StartPort: { type: ['integer', 'string'] },
      EndPort: { type: ['integer', 'string'] },
      IcmpType: { type: ['integer', 'string'] },
      IcmpCode: { type: ['integer', 'string'] },
      CidrList: { type: 'string' },
      UserSecurityGroupName: { type: 'string' },
    },
  };

  protected rule(properties: Record<string, unknown>): SecurityRule {
    return ruleFromCloudStack(properties);
  }

  protected group(properties: Record<string, unknown>) {
    return {
      id: properties.SecurityGroupId as string | undefined,
      name: properties.SecurityGroupName as string | undefined,
    };
  }
}
