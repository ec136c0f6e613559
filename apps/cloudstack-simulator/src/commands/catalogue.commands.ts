import { Injectable } from '@nestjs/common';

import { ApiError } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { listResponse } from '../api/list-response';
import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';

/**
 * Which filters show the catalogue's templates: they are public featured templates owned by "system", so the
 * filters restricted to the caller's own templates show none.
 */
const TEMPLATE_FILTERS: Record<string, boolean> = {
  featured: true,
  self: false,
  selfexecutable: false,
  sharedexecutable: false,
  executable: true,
  community: false,
  all: true,
};

@Injectable()
export class CatalogueCommands implements CommandFamily {
  readonly handlers = {
    listZones: (p: CommandParameters) => this.listZones(p),
    listTemplates: (p: CommandParameters) => this.listTemplates(p),
    listServiceOfferings: (p: CommandParameters) => this.listServiceOfferings(p),
    listDiskOfferings: (p: CommandParameters) => this.listDiskOfferings(p),
    listNetworkOfferings: (p: CommandParameters) => this.listNetworkOfferings(p),
  };

  constructor(private readonly catalogue: SimulatorCatalogue) {}

  private listZones(p: CommandParameters) {
    const id = p.optional('id');
    const name = p.optional('name');
    const zones = [this.catalogue.zoneResponse()].filter((z) => (!id || z.id === id) && (!name || z.name === name));
    return listResponse('zone', zones, p);
  }

  private listTemplates(p: CommandParameters) {
    const filter = p.required('templatefilter');
    if (!(filter in TEMPLATE_FILTERS)) {
      throw ApiError.invalidParameter(
        `Please specify a valid template filter: ${Object.keys(TEMPLATE_FILTERS).join(', ')}`,
      );
    }
    const id = p.optional('id');
    const name = p.optional('name');
    const zoneid = p.optional('zoneid');
    const keyword = p.optional('keyword')?.toLowerCase();
    const templates = this.catalogue.templates
      .filter(() => TEMPLATE_FILTERS[filter])
      .filter((t) => (!id || t.id === id) && (!name || t.name === name))
      .filter((t) => !keyword || t.name.toLowerCase().includes(keyword))
      .filter(() => !zoneid || zoneid === this.catalogue.zone.id)
      .map((t) => this.catalogue.templateResponse(t));
    return listResponse('template', templates, p);
  }

  private listServiceOfferings(p: CommandParameters) {
    const id = p.optional('id');
    const name = p.optional('name');
    const keyword = p.optional('keyword')?.toLowerCase();
    const offerings = this.catalogue.serviceOfferings
      .filter((o) => (!id || o.id === id) && (!name || o.name === name))
      .filter((o) => !keyword || o.name.toLowerCase().includes(keyword))
      .map((o) => this.catalogue.serviceOfferingResponse(o));
    return listResponse('serviceoffering', offerings, p);
  }

  private listDiskOfferings(p: CommandParameters) {
    const id = p.optional('id');
    const name = p.optional('name');
    const keyword = p.optional('keyword')?.toLowerCase();
    const offerings = this.catalogue.diskOfferings
      .filter((o) => (!id || o.id === id) && (!name || o.name === name))
      .filter((o) => !keyword || o.name.toLowerCase().includes(keyword))
      .map((o) => this.catalogue.diskOfferingResponse(o));
    return listResponse('diskoffering', offerings, p);
  }

  private listNetworkOfferings(p: CommandParameters) {
    const id = p.optional('id');
    const name = p.optional('name');
    const guestIpType = p.optional('guestiptype')?.toLowerCase();
    const offerings = this.catalogue.networkOfferings
      .filter((o) => (!id || o.id === id) && (!name || o.name === name))
      .filter((o) => !guestIpType || o.guestiptype.toLowerCase() === guestIpType)
      .filter(() => !p.boolean('forvpc'))
      .map((o) => this.catalogue.networkOfferingResponse(o));
    return listResponse('networkoffering', offerings, p);
  }
}
