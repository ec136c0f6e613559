import { CloudStackApiError, CloudStackClient } from '@cfn/cloudstack';

import { CatalogueLookup } from '../cloudstack-vm/catalogue-lookup';
import { ResourceOperationContext, ResourcePropertyError } from '../resource-type-plugin';
import { findTaggedByStack, ignoringGone, tagWithStack } from '../stack-tagging/stack-tags';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PublicIpAddress {
  id: string;
  ipaddress: string;
  isstaticnat?: boolean;
  /** Allocating until associateIpAddress's job ends, then Allocated. */
  state?: string;
  virtualmachineid?: string;
  zonename?: string;
  tags?: Array<{ key?: string; value?: string }>;
}

/** Public addresses of a stack: acquired in a zone, tagged with the stack (a retry finds them by the tags). */
export class PublicIpAddresses {
  constructor(private readonly cloud: CloudStackClient) {}

  /**
   * The stack's address for this logical id: tagged by an earlier attempt, or - when that attempt died between
   * associateIpAddress and createTags - the untagged one whose id it recorded, tagged now so it is not leaked.
   */
  async findOfStack(ctx: ResourceOperationContext): Promise<PublicIpAddress | undefined> {
    const tagged = await findTaggedByStack<PublicIpAddress>(ctx, 'listPublicIpAddresses', 'publicipaddress');
    if (tagged) {
      await ctx.recordProgress({ physicalId: tagged.id });
      return tagged;
    }
    if (!ctx.recordedPhysicalId) return undefined;
    const recorded = await this.find(ctx.recordedPhysicalId);
    if (!recorded) return undefined;
    const ready = recorded.state === 'Allocating' ? await this.untilAllocated(recorded.id) : recorded;
    await tagWithStack(ctx, 'PublicIpAddress', ready);
    return ready;
  }

  /** An address whose associateIpAddress job has not finished yet (CloudStack lists it as Allocating). */
  private async untilAllocated(id: string): Promise<PublicIpAddress> {
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const ip = await this.find(id);
      if (!ip) throw new ResourcePropertyError(`Public IP address '${id}' was released while it was being allocated`);
      if (ip.state !== 'Allocating') return ip;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`Public IP address '${id}' is still Allocating`);
  }

  async acquire(ctx: ResourceOperationContext, zone: string | undefined): Promise<PublicIpAddress> {
    const zoneId = (await new CatalogueLookup(this.cloud).zone(zone)).id;
    const started = await this.cloud.request<{ id: string; jobid: string }>('associateIpAddress', { zoneid: zoneId });
    await ctx.recordProgress({ physicalId: started.id, jobId: started.jobid });
    const { ipaddress } = await this.cloud.waitForJob<{ ipaddress: PublicIpAddress }>(started.jobid);
    await tagWithStack(ctx, 'PublicIpAddress', ipaddress);
    return ipaddress;
  }

  /** By id, or by the address itself (AWS's Ref of an EIP); undefined when it is gone. */
  async find(idOrAddress: string): Promise<PublicIpAddress | undefined> {
    const query = UUID.test(idOrAddress) ? { id: idOrAddress } : { ipaddress: idOrAddress };
    const ips = await this.cloud
      .listAll<PublicIpAddress>('listPublicIpAddresses', { ...query, listall: true }, 'publicipaddress')
      .catch((error) => ((error as { errorcode?: number }).errorcode === 431 ? [] : Promise.reject(error)));
    return ips.find((ip) => ip.id === idOrAddress || ip.ipaddress === idOrAddress);
  }

  async require(idOrAddress: string): Promise<PublicIpAddress> {
    const ip = await this.find(idOrAddress);
    if (!ip) throw new ResourcePropertyError(`Public IP address '${idOrAddress}' does not exist in the cloud`);
    return ip;
  }

  /** Points the address at the VM (enableStaticNat is synchronous); already pointing there is success. */
  async enableStaticNat(ip: PublicIpAddress, vmId: string): Promise<void> {
    if (ip.isstaticnat && ip.virtualmachineid === vmId) return;
    await this.cloud.request('enableStaticNat', { ipaddressid: ip.id, virtualmachineid: vmId });
  }

  async disableStaticNat(ipId: string): Promise<void> {
    try {
      await ignoringGone(() => this.cloud.executeAsync('disableStaticNat', { ipaddressid: ipId }));
    } catch (error) {
      if (error instanceof CloudStackApiError && /not associated with any vm/i.test(error.errortext)) return;
      throw error;
    }
  }

  async release(idOrAddress: string): Promise<void> {
    const ip = await this.find(idOrAddress);
    if (ip) await ignoringGone(() => this.cloud.executeAsync('disassociateIpAddress', { id: ip.id }));
  }
}
