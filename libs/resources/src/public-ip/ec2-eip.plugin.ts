import { ProvisionedResource, ResourceOperationContext, ResourceTypePlugin } from '../resource-type-plugin';
import { PublicIpAddress, PublicIpAddresses } from './public-ip-addresses';

/**
 * AWS::EC2::EIP: a public address acquired in the zone; Ref is the address (as on AWS), AllocationId its CloudStack
 * id. With InstanceId the address is static-NATed to that VM.
 */
export class Ec2EipPlugin implements ResourceTypePlugin {
  readonly type = 'AWS::EC2::EIP';
  readonly attributes = ['PublicIp', 'AllocationId'] as const;
  readonly propertiesSchema = {
    type: 'object',
    properties: {
      Domain: { type: 'string', enum: ['vpc', 'standard'] },
      InstanceId: { type: 'string' },
      NetworkBorderGroup: { type: 'string' },
      Tags: { type: 'array', items: { type: 'object', required: ['Key', 'Value'] } },
    },
  };

  async findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    const ip = await new PublicIpAddresses(ctx.cloud).findOfStack(ctx);
    return ip ? this.complete(ctx, ip, properties) : null;
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const ip = await new PublicIpAddresses(ctx.cloud).acquire(ctx, properties.NetworkBorderGroup as string | undefined);
    return this.complete(ctx, ip, properties);
  }

  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    await new PublicIpAddresses(ctx.cloud).release(physicalId);
  }

  private async complete(
    ctx: ResourceOperationContext,
    ip: PublicIpAddress,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource> {
    if (properties.InstanceId)
      await new PublicIpAddresses(ctx.cloud).enableStaticNat(ip, String(properties.InstanceId));
    return { physicalId: ip.ipaddress, attributes: { PublicIp: ip.ipaddress, AllocationId: ip.id } };
  }
}
