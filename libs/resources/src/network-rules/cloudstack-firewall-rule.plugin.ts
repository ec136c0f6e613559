import { CloudStackRequestParams } from '@cfn/cloudstack';

import {
  PropertyUpdateBehaviour,
  ProvisionedResource,
  ResourceOperationContext,
  ResourceTypePlugin,
} from '../resource-type-plugin';
import { ignoringGone, tagWithStack } from '../stack-tagging/stack-tags';
import { cidrListParam, findEarlierAttempt, optionalNumber } from './network-rule-lookup';

/** FirewallRuleResponse. */
interface FirewallRule {
  id: string;
  ipaddressid: string;
  ipaddress: string;
  protocol: string;
  startport?: number;
  endport?: number;
  icmptype?: number;
  icmpcode?: number;
  cidrlist: string;
  tags?: Array<{ key?: string; value?: string }>;
}

const NUMBER = { type: ['integer', 'string'] };

/**
 * CloudStack::FirewallRule: createFirewallRule's parameters (ingress to a public address). Ref is the rule's id.
 * CloudStack changes nothing of a firewall rule in place (updateFirewallRule only sets customid and fordisplay), so
 * every change replaces it.
 */
export class CloudStackFirewallRulePlugin implements ResourceTypePlugin {
  readonly type = 'CloudStack::FirewallRule';
  readonly attributes = ['Id', 'IpAddress', 'IpAddressId'] as const;
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['IpAddressId', 'Protocol'],
    properties: {
      IpAddressId: { type: 'string' },
      Protocol: { type: 'string', enum: ['tcp', 'udp', 'icmp', 'all', 'TCP', 'UDP', 'ICMP', 'ALL'] },
      StartPort: NUMBER,
      EndPort: NUMBER,
      IcmpType: NUMBER,
      IcmpCode: NUMBER,
      CidrList: { type: ['string', 'array'] },
    },
  };

  readonly updateBehaviour: Readonly<Record<string, PropertyUpdateBehaviour>> = {};

  async findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    const wanted = params(properties);
    const rule = await findEarlierAttempt<FirewallRule>(
      ctx,
      'listFirewallRules',
      'firewallrule',
      { ipaddressid: wanted.ipaddressid },
      (listed) =>
        listed.protocol === wanted.protocol &&
        listed.startport === wanted.startport &&
        listed.endport === (wanted.endport ?? wanted.startport) &&
        listed.cidrlist === (wanted.cidrlist ?? '0.0.0.0/0'),
    );
    if (!rule) return null;
    await ctx.recordProgress({ physicalId: rule.id });
    await tagWithStack(ctx, 'FirewallRule', rule);
    return describe(rule);
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const started = await ctx.cloud.request<{ id: string; jobid: string }>('createFirewallRule', params(properties));
    await ctx.recordProgress({ physicalId: started.id, jobId: started.jobid });
    const { firewallrule } = await ctx.cloud.waitForJob<{ firewallrule: FirewallRule }>(started.jobid);
    await tagWithStack(ctx, 'FirewallRule', firewallrule);
    return describe(firewallrule);
  }

  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    await ignoringGone(() => ctx.cloud.executeAsync('deleteFirewallRule', { id: physicalId }));
  }
}

function params(properties: Record<string, unknown>) {
  return {
    ipaddressid: String(properties.IpAddressId),
    protocol: String(properties.Protocol).toLowerCase(),
    startport: optionalNumber(properties.StartPort),
    endport: optionalNumber(properties.EndPort),
    icmptype: optionalNumber(properties.IcmpType),
    icmpcode: optionalNumber(properties.IcmpCode),
    cidrlist: cidrListParam(properties.CidrList),
  } satisfies CloudStackRequestParams;
}

function describe(rule: FirewallRule): ProvisionedResource {
  return { physicalId: rule.id, attributes: { Id: rule.id, IpAddress: rule.ipaddress, IpAddressId: rule.ipaddressid } };
}
