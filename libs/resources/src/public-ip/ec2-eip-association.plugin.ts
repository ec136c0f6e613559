import {
  ProvisionedResource,
  ResourceOperationContext,
  ResourcePropertyError,
  ResourceTypePlugin,
} from '../resource-type-plugin';
import { PublicIpAddresses } from './public-ip-addresses';

/**
 * Static NAT of a public address to a VM. The physical id is the address's id: an address NATs to one VM at a
 * time, so the pair is identified by the address, and enabling it again for the same VM is a no-op (the retry).
 */
abstract class StaticNatPluginBase implements ResourceTypePlugin {
  abstract readonly type: string;
  abstract readonly propertiesSchema: Record<string, unknown>;
  abstract readonly attributes: readonly string[];
  protected abstract target(properties: Record<string, unknown>): { ip?: string; vm?: string };

  findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    return this.create(ctx, properties);
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const { ip, vm } = this.target(properties);
    if (!ip || !vm) throw new ResourcePropertyError(`${this.type} needs a public address and an instance`);
    const addresses = new PublicIpAddresses(ctx.cloud);
    const address = await addresses.require(ip);
    await addresses.enableStaticNat(address, vm);
    return { physicalId: address.id, attributes: { Id: address.id, IpAddress: address.ipaddress } };
  }

  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    await new PublicIpAddresses(ctx.cloud).disableStaticNat(physicalId);
  }
}

/** AWS::EC2::EIPAssociation: AllocationId or EIP (the address), with InstanceId. */
export class Ec2EipAssociationPlugin extends StaticNatPluginBase {
  readonly type = 'AWS::EC2::EIPAssociation';
  readonly attributes = [] as const;
  readonly propertiesSchema = {
    type: 'object',
    required: ['InstanceId'],
    properties: {
      AllocationId: { type: 'string' },
      EIP: { type: 'string' },
      InstanceId: { type: 'string' },
      NetworkInterfaceId: { type: 'string' },
      PrivateIpAddress: { type: 'string' },
    },
  };

  protected target(properties: Record<string, unknown>) {
    return {
      ip: (properties.AllocationId ?? properties.EIP) as string | undefined,
      vm: properties.InstanceId as string | undefined,
    };
  }
}

/** CloudStack::StaticNat: enableStaticNat's IpAddressId and VirtualMachineId. */
export class CloudStackStaticNatPlugin extends StaticNatPluginBase {
  readonly type = 'CloudStack::StaticNat';
  readonly attributes = ['Id', 'IpAddress'] as const;
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['IpAddressId', 'VirtualMachineId'],
    properties: { IpAddressId: { type: 'string' }, VirtualMachineId: { type: 'string' } },
  };

  protected target(properties: Record<string, unknown>) {
    return { ip: properties.IpAddressId as string | undefined, vm: properties.VirtualMachineId as string | undefined };
  }
}
