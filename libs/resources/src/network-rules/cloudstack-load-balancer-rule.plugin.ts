import { CloudStackRequestParams } from '@cfn/cloudstack';

import {
  PropertyUpdateBehaviour,
  ProvisionedResource,
  ResourceOperationContext,
  ResourcePropertyError,
  ResourceTypePlugin,
} from '../resource-type-plugin';
import { ignoringGone, stackObjectName, tagWithStack } from '../stack-tagging/stack-tags';
import { cidrListParam, findEarlierAttempt, optionalNumber } from './network-rule-lookup';

/** LoadBalancerResponse (its port numbers are strings). */
interface LoadBalancerRule {
  id: string;
  name: string;
  publicipid: string;
  publicip: string;
  publicport: string;
  privateport: string;
  algorithm: string;
  tags?: Array<{ key?: string; value?: string }>;
}

const PORT = { type: ['integer', 'string'] };
const ALGORITHMS = ['roundrobin', 'leastconn', 'source'];

/**
 * CloudStack::LoadBalancerRule: createLoadBalancerRule's parameters, and its members, VirtualMachineIds, as
 * assignToLoadBalancerRule takes them. Ref is the rule's id. Name, Description and Algorithm change in place
 * (updateLoadBalancerRule), members by assigning and removing; ports and address make a new rule. Without Name the
 * rule is named after the stack and logical id, so a retry also finds it by name.
 */
export class CloudStackLoadBalancerRulePlugin implements ResourceTypePlugin {
  readonly type = 'CloudStack::LoadBalancerRule';
  readonly attributes = ['Id', 'Name', 'PublicIp', 'PublicIpId'] as const;
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['PublicIpId', 'PublicPort', 'PrivatePort', 'Algorithm'],
    properties: {
      Name: { type: 'string', minLength: 1, maxLength: 255 },
      Description: { type: 'string' },
      Algorithm: { type: 'string', enum: ALGORITHMS },
      PublicIpId: { type: 'string' },
      PublicPort: PORT,
      PrivatePort: PORT,
      Protocol: { type: 'string', enum: ['tcp', 'udp', 'tcp-proxy', 'TCP', 'UDP'] },
      CidrList: { type: ['string', 'array'] },
      OpenFirewall: { type: ['boolean', 'string'] },
      VirtualMachineIds: { type: 'array', items: {} },
    },
  };

  readonly updateBehaviour: Readonly<Record<string, PropertyUpdateBehaviour>> = {
    Name: 'NoInterruption',
    Description: 'NoInterruption',
    Algorithm: 'NoInterruption',
    VirtualMachineIds: 'NoInterruption',
  };

  async findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    const wanted = this.params(ctx, properties);
    // Only a name derived from this stack identifies the rule; a name the template gives may be someone else's.
    const byName = properties.Name === undefined ? (rule: LoadBalancerRule) => rule.name === wanted.name : undefined;
    const rule = await findEarlierAttempt<LoadBalancerRule>(
      ctx,
      'listLoadBalancerRules',
      'loadbalancerrule',
      { publicipid: wanted.publicipid },
      byName,
    );
    if (!rule) return null;
    await ctx.recordProgress({ physicalId: rule.id });
    return this.complete(ctx, rule, properties);
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const started = await ctx.cloud.request<{ id: string; jobid: string }>(
      'createLoadBalancerRule',
      this.params(ctx, properties),
    );
    await ctx.recordProgress({ physicalId: started.id, jobId: started.jobid });
    const { loadbalancer } = await ctx.cloud.waitForJob<{ loadbalancer: LoadBalancerRule }>(started.jobid);
    return this.complete(ctx, loadbalancer, properties);
  }

  async update(
    ctx: ResourceOperationContext,
    physicalId: string,
    previous: Record<string, unknown>,
    next: Record<string, unknown>,
  ): Promise<ProvisionedResource> {
    const changed = (name: string) => JSON.stringify(previous[name]) !== JSON.stringify(next[name]);
    let rule: LoadBalancerRule | undefined;
    if (changed('Name') || changed('Description') || changed('Algorithm')) {
      const wanted = this.params(ctx, next);
      ({ loadbalancer: rule } = (
        await ctx.cloud.executeAsync<{ loadbalancer: LoadBalancerRule }>('updateLoadBalancerRule', {
          id: physicalId,
          name: changed('Name') ? wanted.name : undefined,
          description: changed('Description') ? wanted.description : undefined,
          algorithm: changed('Algorithm') ? wanted.algorithm : undefined,
        })
      ).result);
    }
    rule ??= await this.require(ctx, physicalId);
    await this.setMembers(ctx, rule.id, members(next));
    return describe(rule);
  }

  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    await ignoringGone(() => ctx.cloud.executeAsync('deleteLoadBalancerRule', { id: physicalId }));
  }

  private async complete(
    ctx: ResourceOperationContext,
    rule: LoadBalancerRule,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource> {
    await tagWithStack(ctx, 'LoadBalancer', rule);
    await this.setMembers(ctx, rule.id, members(properties));
    return describe(rule);
  }

  /** Assigns the members still missing and removes the ones no longer wanted (each call is one job). */
  private async setMembers(ctx: ResourceOperationContext, ruleId: string, wanted: string[]): Promise<void> {
    const current = (
      await ctx.cloud.listAll<{ id: string }>(
        'listLoadBalancerRuleInstances',
        { id: ruleId },
        'loadbalancerruleinstance',
      )
    ).map((vm) => vm.id);
    const missing = wanted.filter((id) => !current.includes(id));
    const extra = current.filter((id) => !wanted.includes(id));
    if (missing.length)
      await ctx.cloud.executeAsync('assignToLoadBalancerRule', { id: ruleId, virtualmachineids: missing.join(',') });
    if (extra.length)
      await ctx.cloud.executeAsync('removeFromLoadBalancerRule', { id: ruleId, virtualmachineids: extra.join(',') });
  }

  private async require(ctx: ResourceOperationContext, id: string): Promise<LoadBalancerRule> {
    const rule = await ctx.cloud.findOne<LoadBalancerRule>(
      'listLoadBalancerRules',
      { id, listall: true },
      'loadbalancerrule',
      (r) => r.id === id,
    );
    if (!rule) throw new ResourcePropertyError(`Load balancer rule '${id}' does not exist in the cloud`);
    return rule;
  }

  private params(ctx: ResourceOperationContext, properties: Record<string, unknown>) {
    const publicport = optionalNumber(properties.PublicPort);
    const privateport = optionalNumber(properties.PrivatePort);
    if (publicport === undefined || privateport === undefined) {
      throw new ResourcePropertyError('CloudStack::LoadBalancerRule needs PublicPort and PrivatePort');
    }
    return {
      name: (properties.Name as string | undefined) ?? stackObjectName(ctx),
      description: properties.Description as string | undefined,
      algorithm: String(properties.Algorithm).toLowerCase(),
      publicipid: String(properties.PublicIpId),
      publicport,
      privateport,
      protocol: (properties.Protocol as string | undefined)?.toLowerCase(),
      cidrlist: cidrListParam(properties.CidrList),
      openfirewall: properties.OpenFirewall === undefined ? undefined : String(properties.OpenFirewall) === 'true',
    } satisfies CloudStackRequestParams;
  }
}

const members = (properties: Record<string, unknown>): string[] => [
  ...new Set(((properties.VirtualMachineIds as unknown[]) ?? []).map(String)),
];

function describe(rule: LoadBalancerRule): ProvisionedResource {
  return {
    physicalId: rule.id,
    attributes: { Id: rule.id, Name: rule.name, PublicIp: rule.publicip, PublicIpId: rule.publicipid },
  };
}
