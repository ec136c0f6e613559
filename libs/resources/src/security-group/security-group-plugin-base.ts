import { isDeepStrictEqual } from 'node:util';

import {
  PropertyUpdateBehaviour,
  ProvisionedResource,
  ResourceOperationContext,
  ResourceTypePlugin,
} from '../resource-type-plugin';
import { ignoringGone, stackObjectName, tagWithStack } from '../stack-tagging/stack-tags';
import {
  authorizeRule,
  findSecurityGroup,
  ListedSecurityGroup,
  requireSecurityGroup,
  revokeMatchingRule,
  revokeRule,
  SecurityRule,
} from './security-group-rules';

/** What both security group types ask for: a name, a description and inline rules. */
export interface SecurityGroupSpec {
  name?: string;
  description?: string;
  rules: SecurityRule[];
}

/**
 * A security group with its inline rules. It is named after the stack and logical id unless the template names
 * it, so a retry finds the group by name and only adds the rules still missing.
 */
export abstract class SecurityGroupPluginBase implements ResourceTypePlugin {
  abstract readonly type: string;
  abstract readonly attributes: readonly string[];
  abstract readonly propertiesSchema: Record<string, unknown>;
  protected abstract spec(properties: Record<string, unknown>): SecurityGroupSpec;
  /** The group's physical id and attributes; `properties` are those it was made or last updated with. */
  protected abstract describe(group: ListedSecurityGroup, properties: Record<string, unknown>): ProvisionedResource;
  /** Inline rules change in place (revoke the dropped, authorize the new); name and description need a new group. */
  readonly updateBehaviour: Readonly<Record<string, PropertyUpdateBehaviour>> = {};

  async update(
    ctx: ResourceOperationContext,
    physicalId: string,
    previous: Record<string, unknown>,
    next: Record<string, unknown>,
  ): Promise<ProvisionedResource> {
    const group = await requireSecurityGroup(ctx.cloud, { id: physicalId });
    const wanted = this.spec(next).rules;
    for (const rule of this.spec(previous).rules.filter(
      (old) => !wanted.some((rule) => isDeepStrictEqual(rule, old)),
    )) {
      await revokeMatchingRule(ctx.cloud, group, rule);
    }
    for (const rule of wanted) await authorizeRule(ctx.cloud, group, rule);
    return this.describe(await requireSecurityGroup(ctx.cloud, { id: physicalId }), next);
  }

  async findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    const spec = this.spec(properties);
    const group = await findSecurityGroup(ctx.cloud, { name: this.name(ctx, spec) });
    if (!group) return null;
    await ctx.recordProgress({ physicalId: group.id });
    return this.complete(ctx, group, spec, properties);
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const spec = this.spec(properties);
    const name = this.name(ctx, spec);
    const { securitygroup } = await ctx.cloud.request<{ securitygroup: ListedSecurityGroup }>('createSecurityGroup', {
      name,
      description: spec.description ?? `${ctx.stackName}/${ctx.logicalId}`,
    });
    await ctx.recordProgress({ physicalId: securitygroup.id });
    return this.complete(ctx, securitygroup, spec, properties);
  }

  /** Revokes the group's own rules first: a rule naming another group would keep that group from being deleted. */
  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    const group = await findSecurityGroup(ctx.cloud, { id: physicalId });
    if (!group) return;
    for (const rule of group.ingressrule ?? []) await revokeRule(ctx.cloud, 'ingress', rule.ruleid);
    for (const rule of group.egressrule ?? []) await revokeRule(ctx.cloud, 'egress', rule.ruleid);
    await ignoringGone(() => ctx.cloud.request('deleteSecurityGroup', { id: physicalId }));
  }

  private name(ctx: ResourceOperationContext, spec: SecurityGroupSpec): string {
    return spec.name ?? stackObjectName(ctx);
  }

  private async complete(
    ctx: ResourceOperationContext,
    group: ListedSecurityGroup,
    spec: SecurityGroupSpec,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource> {
    await tagWithStack(ctx, 'SecurityGroup', group);
    for (const rule of spec.rules) await authorizeRule(ctx.cloud, group, rule);
    return this.describe(group, properties);
  }
}
