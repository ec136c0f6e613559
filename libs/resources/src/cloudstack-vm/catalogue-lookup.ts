import type { CloudStackClient } from '@cfn/cloudstack';

import { ResourcePropertyError } from '../resource-type-plugin';
import { awsInstanceType } from './aws-instance-types';
import { currentCatalogueMap, mappedImage } from './catalogue-map';
import { SizedOffering, smallestFittingOffering } from './offering-fit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Named {
  id: string;
  name: string;
}

/** A catalogue object and, when the service chose it for the template's name, what to tell the user about the choice. */
export interface CatalogueChoice {
  item: Named & Record<string, unknown>;
  note?: string;
}

const CACHE_TTL_MS = 60_000;

/**
 * Catalogue answers per client, kept for a minute: templates, offerings and zones change rarely, and a
 * stack of a hundred VMs would otherwise ask for the same three lists a hundred times at once.
 * The promise itself is cached so concurrent lookups share one request; a failed one is forgotten.
 */
const catalogueCache = new WeakMap<CloudStackClient, Map<string, { expires: number; items: Promise<unknown[]> }>>();

/** Resolves a template, service offering or zone given by id or by name to the CloudStack object. */
export class CatalogueLookup {
  constructor(private readonly cloud: CloudStackClient) {}

  private cachedList<T>(
    command: string,
    params: Record<string, string | boolean | undefined>,
    itemKey: string,
  ): Promise<T[]> {
    let cache = catalogueCache.get(this.cloud);
    if (!cache) catalogueCache.set(this.cloud, (cache = new Map()));
    const key = `${command} ${JSON.stringify(params)}`;
    const hit = cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.items as Promise<T[]>;
    const items = this.cloud.listAll<T>(command, params, itemKey);
    cache.set(key, { expires: Date.now() + CACHE_TTL_MS, items });
    items.catch(() => cache!.delete(key));
    return items;
  }

  /** By id or name, or by the AMI-style id the deployment's image map gives a template for. */
  async template(idOrName: string, zoneId?: string): Promise<Named & Record<string, unknown>> {
    return (await this.templateChoice(idOrName, zoneId)).item;
  }

  /** The template, and (when the image map chose it) a line for the stack's events saying which and why. */
  async templateChoice(idOrName: string, zoneId?: string): Promise<CatalogueChoice> {
    const mapped = mappedImage(currentCatalogueMap().images, idOrName);
    const item = await this.find(
      'listTemplates',
      'template',
      mapped?.template ?? idOrName,
      mapped ? `Image '${idOrName}' maps to` : 'Image',
      {
        templatefilter: 'executable',
        zoneid: zoneId,
      },
    );
    const via = mapped && (mapped.key === idOrName ? 'CFN_IMAGE_MAP' : `CFN_IMAGE_MAP "${mapped.key}"`);
    return { item, note: via ? `Image ${idOrName}: template '${item.name}' (${via})` : undefined };
  }

  /** By id or name, by the deployment's instance type map, or sized from an AWS instance type (t3.micro ...). */
  async serviceOffering(idOrName: string, zoneId?: string): Promise<Named & Record<string, unknown>> {
    return (await this.serviceOfferingChoice(idOrName, zoneId)).item;
  }

  /**
   * The offering, and (when it was not named directly) a line for the stack's events saying which was chosen.
   * CFN_INSTANCE_TYPE_MAP wins; then an offering of that very name or id; then, for an AWS instance type, the
   * smallest offering of the zone with at least its vCPUs and memory.
   */
  async serviceOfferingChoice(idOrName: string, zoneId?: string): Promise<CatalogueChoice> {
    const mapped = currentCatalogueMap().instanceTypes[idOrName];
    if (mapped !== undefined) {
      const item = await this.find(
        'listServiceOfferings',
        'serviceoffering',
        mapped,
        `Instance type '${idOrName}' maps to`,
        {},
      );
      return { item, note: `Instance type ${idOrName}: service offering '${item.name}' (CFN_INSTANCE_TYPE_MAP)` };
    }
    const size = UUID.test(idOrName) ? undefined : awsInstanceType(idOrName);
    if (!size)
      return { item: await this.find('listServiceOfferings', 'serviceoffering', idOrName, 'Instance type', {}) };
    const offerings = await this.cachedList<SizedOffering & Record<string, unknown>>(
      'listServiceOfferings',
      zoneId ? { zoneid: zoneId } : {},
      'serviceoffering',
    );
    const named = offerings.find((offering) => offering.name === idOrName);
    if (named) return { item: named };
    const fitting = smallestFittingOffering(offerings, size);
    const needs = `${size.vcpus} vCPU${size.vcpus === 1 ? '' : 's'}, ${size.memoryMiB} MiB`;
    if (!fitting) {
      throw new ResourcePropertyError(
        `Instance type '${idOrName}' (${needs}) fits no service offering of the zone: none has that many CPUs and that much memory ` +
          '(map it to an offering with CFN_INSTANCE_TYPE_MAP)',
      );
    }
    return {
      item: fitting,
      note:
        `Instance type ${idOrName} (${needs}): service offering '${fitting.name}' (${fitting.cpunumber} CPU${fitting.cpunumber === 1 ? '' : 's'}, ` +
        `${fitting.memory} MiB), the smallest that fits`,
    };
  }

  diskOffering(idOrName: string): Promise<Named & Record<string, unknown>> {
    return this.find('listDiskOfferings', 'diskoffering', idOrName, 'Disk offering', {});
  }

  /** The disk offering for sized volumes: CFN_DISK_OFFERING when set, else the first custom-size offering. */
  async customDiskOffering(): Promise<Named & Record<string, unknown>> {
    const configured = process.env.CFN_DISK_OFFERING;
    if (configured) return this.diskOffering(configured);
    const offerings = await this.cachedList<Named & Record<string, unknown>>('listDiskOfferings', {}, 'diskoffering');
    const custom = offerings.find((offering) => offering.iscustomized === true);
    if (!custom)
      throw new ResourcePropertyError('The cloud offers no custom-size disk offering (set CFN_DISK_OFFERING)');
    return custom;
  }

  networkOffering(idOrName: string): Promise<Named & Record<string, unknown>> {
    return this.find('listNetworkOfferings', 'networkoffering', idOrName, 'Network offering', {});
  }

  async zone(idOrName: string | undefined): Promise<Named & Record<string, unknown>> {
    if (idOrName) return this.find('listZones', 'zone', idOrName, 'Availability zone', { available: true });
    const zones = await this.cachedList<Named & Record<string, unknown>>('listZones', { available: true }, 'zone');
    const preferred = process.env.CLOUDSTACK_DEFAULT_ZONE;
    const zone = preferred ? zones.find((z) => z.name === preferred || z.id === preferred) : zones[0];
    if (!zone) throw new ResourcePropertyError('The cloud offers no zone to deploy into');
    return zone;
  }

  private async find(
    command: string,
    itemKey: string,
    idOrName: string,
    label: string,
    params: Record<string, string | boolean | undefined>,
  ): Promise<Named & Record<string, unknown>> {
    const query = UUID.test(idOrName) ? { ...params, id: idOrName } : { ...params, name: idOrName };
    const items = await this.cachedList<Named & Record<string, unknown>>(command, query, itemKey).catch((error) => {
      // CloudStack answers an unknown id with 431; treat it as "no such object".
      if ((error as { errorcode?: number }).errorcode === 431) return [];
      throw error;
    });
    const match = items.find((item) => item.id === idOrName || item.name === idOrName);
    if (!match)
      throw new ResourcePropertyError(
        `${label} '${idOrName}' ${label.endsWith('maps to') ? 'which ' : ''}does not exist in the cloud`,
      );
    return match;
  }
}
