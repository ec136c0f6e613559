import { CloudStackRequestParams } from '@cfn/cloudstack';

import {
  PropertyUpdateBehaviour,
  ProvisionedResource,
  ResourceOperationContext,
  ResourcePropertyError,
  ResourceTypePlugin,
} from '../resource-type-plugin';
import { ignoringGone, tagWithStack } from '../stack-tagging/stack-tags';
import { cidrListParam, findEarlierAttempt, optionalNumber } from './network-rule-lookup';

/** PortForwardingRuleResponse (its port numbers are strings). */
interface PortForwardingRule {
  id: string;
  ipaddressid: string;
  ipaddress: string;
  protocol: string;
  publicport: string;
  publicendport: string;
  privateport: string;
  privateendport: string;
  virtualmachineid: string;
  vmguestip?: string;
  cidrlist?: string;
  tags?: Array<{ key?: string; value?: string }>;
}

const PORT = { type: ['integer', 'string'] };

/**
 * CloudStack::PortForwardingRule: createPortForwardingRule's parameters. Ref is the rule's id. The private side
 * (ports, VM, guest IP) changes in place with updatePortForwardingRule; the public side is the rule itself.
 */
export class CloudStackPortForwardingRulePlugin implements ResourceTypePlugin {
  readonly type = 'CloudStack::PortForwardingRule';
  readonly attributes = ['Id', 'IpAddress', 'IpAddressId', 'VirtualMachineId', 'VmGuestIp'] as const;
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['IpAddressId', 'Protocol', 'PublicPort', 'PrivatePort', 'VirtualMachineId'],
    properties: {
      IpAddressId: { type: 'string' },
      Protocol: { type: 'string', enum: ['tcp', 'udp', 'TCP', 'UDP'] },
      PublicPort: PORT,
      PublicEndPort: PORT,
      PrivatePort: PORT,
      PrivateEndPort: PORT,
      VirtualMachineId: { type: 'string' },
      VmGuestIp: { type: 'string' },
      CidrList: { type: ['string', 'array'] },
      OpenFirewall: { type: ['boolean', 'string'] },
    },
  };

  readonly updateBehaviour: Readonly<Record<string, PropertyUpdateBehaviour>> = {
    PrivatePort: 'SomeInterruptions',
    PrivateEndPort: 'SomeInterruptions',
    VirtualMachineId: 'SomeInterruptions',
    VmGuestIp: 'SomeInterruptions',
  };

  async findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    const wanted = this.params(properties);
    const rule = await findEarlierAttempt<PortForwardingRule>(
      ctx,
      'listPortForwardingRules',
      'portforwardingrule',
      { ipaddressid: wanted.ipaddressid },
      (listed) =>
        listed.protocol === wanted.protocol &&
        Number(listed.publicport) === wanted.publicport &&
        Number(listed.privateport) === wanted.privateport &&
        listed.virtualmachineid === wanted.virtualmachineid,
    );
    if (!rule) return null;
    await ctx.recordProgress({ physicalId: rule.id });
    await tagWithStack(ctx, 'PortForwardingRule', rule);
    return describe(rule);
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const started = await ctx.cloud.request<{ id: string; jobid: string }>(
      'createPortForwardingRule',
      this.params(properties),
    );
    await ctx.recordProgress({ physicalId: started.id, jobId: started.jobid });
    const { portforwardingrule } = await ctx.cloud.waitForJob<{ portforwardingrule: PortForwardingRule }>(
      started.jobid,
    );
    await tagWithStack(ctx, 'PortForwardingRule', portforwardingrule);
    return describe(portforwardingrule);
  }

  async update(
    ctx: ResourceOperationContext,
    physicalId: string,
    previous: Record<string, unknown>,
    next: Record<string, unknown>,
  ): Promise<ProvisionedResource> {
    const changed = (name: string) => JSON.stringify(previous[name]) !== JSON.stringify(next[name]);
    const wanted = this.params(next);
    const { portforwardingrule } = await ctx.cloud
      .executeAsync<{ portforwardingrule: PortForwardingRule }>('updatePortForwardingRule', {
        id: physicalId,
        privateport: changed('PrivatePort') || changed('PrivateEndPort') ? wanted.privateport : undefined,
        privateendport: changed('PrivatePort') || changed('PrivateEndPort') ? wanted.privateendport : undefined,
        virtualmachineid: changed('VirtualMachineId') ? wanted.virtualmachineid : undefined,
        vmguestip: changed('VmGuestIp') ? wanted.vmguestip : undefined,
      })
      .then((answer) => answer.result);
    return describe(portforwardingrule);
  }

  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    await ignoringGone(() => ctx.cloud.executeAsync('deletePortForwardingRule', { id: physicalId }));
  }

  private params(properties: Record<string, unknown>) {
    const publicport = optionalNumber(properties.PublicPort);
    const privateport = optionalNumber(properties.PrivatePort);
    if (publicport === undefined || privateport === undefined) {
      throw new ResourcePropertyError('CloudStack::PortForwardingRule needs PublicPort and PrivatePort');
    }
    return {
      ipaddressid: String(properties.IpAddressId),
      protocol: String(properties.Protocol).toLowerCase(),
      publicport,
      publicendport: optionalNumber(properties.PublicEndPort),
      privateport,
      privateendport: optionalNumber(properties.PrivateEndPort),
      virtualmachineid: String(properties.VirtualMachineId),
      vmguestip: properties.VmGuestIp as string | undefined,
      cidrlist: cidrListParam(properties.CidrList),
      openfirewall: properties.OpenFirewall === undefined ? undefined : String(properties.OpenFirewall) === 'true',
    } satisfies CloudStackRequestParams;
  }
}

function describe(rule: PortForwardingRule): ProvisionedResource {
  return {
    physicalId: rule.id,
    attributes: {
      Id: rule.id,
      IpAddress: rule.ipaddress,
      IpAddressId: rule.ipaddressid,
      VirtualMachineId: rule.virtualmachineid,
      VmGuestIp: rule.vmguestip,
    },
  };
}
