import { ProvisionedResource, ResourceOperationContext, ResourceTypePlugin } from '../resource-type-plugin';
import { PublicIpAddress, PublicIpAddresses } from './public-ip-addresses';

/** CloudStack::PublicIpAddress: associateIpAddress in ZoneId (the default zone without it); Ref is its id. */
export class CloudStackPublicIpAddressPlugin implements ResourceTypePlugin {
  readonly type = 'CloudStack::PublicIpAddress';
  readonly attributes = ['Id', 'IpAddress'] as const;
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    properties: { ZoneId: { type: 'string' } },
  };

  async findExisting(ctx: ResourceOperationContext): Promise<ProvisionedResource | null> {
    const ip = await new PublicIpAddresses(ctx.cloud).findOfStack(ctx);
    return ip ? describe(ip) : null;
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    return describe(await new PublicIpAddresses(ctx.cloud).acquire(ctx, properties.ZoneId as string | undefined));
  }

  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    await new PublicIpAddresses(ctx.cloud).release(physicalId);
  }
}

function describe(ip: PublicIpAddress): ProvisionedResource {
  return { physicalId: ip.id, attributes: { Id: ip.id, IpAddress: ip.ipaddress } };
}
