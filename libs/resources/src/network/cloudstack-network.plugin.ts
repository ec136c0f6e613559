import { CatalogueLookup } from '../cloudstack-vm/catalogue-lookup';
import { findEarlierAttempt } from '../network-rules/network-rule-lookup';
import {
  PropertyUpdateBehaviour,
  ProvisionedResource,
  ResourceOperationContext,
  ResourceTypePlugin,
} from '../resource-type-plugin';
import { ignoringGone, stackObjectName, tagWithStack } from '../stack-tagging/stack-tags';

/** NetworkResponse. */
interface Network {
  id: string;
  name: string;
  displaytext: string;
  cidr: string;
  gateway: string;
  netmask: string;
  zoneid: string;
  networkofferingid: string;
  tags?: Array<{ key?: string; value?: string }>;
}

/**
 * CloudStack::Network: createNetwork's parameters (a guest network from a network offering, in a zone; the
 * default zone without ZoneId). Ref is its id, which CloudStack::VirtualMachine's NetworkIds and
 * AWS::EC2::Instance's SubnetId take. Name and DisplayText change in place (updateNetwork); a new NetworkDomain
 * makes CloudStack restart the network's router. Without Name the network is named after the stack and logical id.
 */
export class CloudStackNetworkPlugin implements ResourceTypePlugin {
  readonly type = 'CloudStack::Network';
  readonly attributes = ['Id', 'Name', 'Cidr', 'Gateway', 'Netmask'] as const;
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['NetworkOfferingId'],
    properties: {
      Name: { type: 'string', minLength: 1, maxLength: 255 },
      DisplayText: { type: 'string' },
      NetworkOfferingId: { type: 'string' },
      ZoneId: { type: 'string' },
      Gateway: { type: 'string' },
      Netmask: { type: 'string' },
      NetworkDomain: { type: 'string' },
    },
  };

  readonly updateBehaviour: Readonly<Record<string, PropertyUpdateBehaviour>> = {
    Name: 'NoInterruption',
    DisplayText: 'NoInterruption',
    NetworkDomain: 'SomeInterruptions',
  };

  async findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    const name = this.name(ctx, properties);
    // listNetworks has no name filter: keyword narrows, the exact name decides (only a name derived from the stack).
    const byName = properties.Name === undefined ? (network: Network) => network.name === name : undefined;
    const network =
      (await findEarlierAttempt<Network>(ctx, 'listNetworks', 'network', { keyword: name }, byName)) ??
      (ctx.recordedPhysicalId
        ? await findEarlierAttempt<Network>(ctx, 'listNetworks', 'network', { id: ctx.recordedPhysicalId })
        : undefined);
    if (!network) return null;
    await ctx.recordProgress({ physicalId: network.id });
    await tagWithStack(ctx, 'Network', network);
    return describe(network);
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const catalogue = new CatalogueLookup(ctx.cloud);
    const offering = await catalogue.networkOffering(String(properties.NetworkOfferingId));
    const zone = await catalogue.zone(properties.ZoneId as string | undefined);
    const name = this.name(ctx, properties);
    const { network } = await ctx.cloud.request<{ network: Network }>('createNetwork', {
      name,
      displaytext: (properties.DisplayText as string | undefined) ?? name,
      networkofferingid: offering.id,
      zoneid: zone.id,
      gateway: properties.Gateway as string | undefined,
      netmask: properties.Netmask as string | undefined,
      networkdomain: properties.NetworkDomain as string | undefined,
    });
    await ctx.recordProgress({ physicalId: network.id });
    await tagWithStack(ctx, 'Network', network);
    return describe(network);
  }

  async update(
    ctx: ResourceOperationContext,
    physicalId: string,
    previous: Record<string, unknown>,
    next: Record<string, unknown>,
  ): Promise<ProvisionedResource> {
    const changed = (key: string) => previous[key] !== next[key];
    const { result } = await ctx.cloud.executeAsync<{ network: Network }>('updateNetwork', {
      id: physicalId,
      name: changed('Name') ? this.name(ctx, next) : undefined,
      displaytext:
        changed('DisplayText') || changed('Name')
          ? ((next.DisplayText as string | undefined) ?? this.name(ctx, next))
          : undefined,
      networkdomain: changed('NetworkDomain') ? (next.NetworkDomain as string | undefined) : undefined,
    });
    return describe(result.network);
  }

  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    await ignoringGone(() => ctx.cloud.executeAsync('deleteNetwork', { id: physicalId }));
  }

  private name(ctx: ResourceOperationContext, properties: Record<string, unknown>): string {
    return (properties.Name as string | undefined) ?? stackObjectName(ctx);
  }
}

function describe(network: Network): ProvisionedResource {
  return {
    physicalId: network.id,
    attributes: {
      Id: network.id,
      Name: network.name,
      Cidr: network.cidr,
      Gateway: network.gateway,
      Netmask: network.netmask,
    },
  };
}
