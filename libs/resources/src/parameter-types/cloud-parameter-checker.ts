import { CloudStackApiError, CloudStackClient } from '@cfn/cloudstack';
import { MASK, parameterMemberType, ParameterValue, TemplateDocument, TemplateValidationError } from '@cfn/template';

import { CLOUD_CHECKED_TYPES, CloudCatalogueList } from './cloud-parameter-types';

/** CloudStack's errorcode for a command the cloud (or the caller's role) does not have. */
const UNSUPPORTED_COMMAND = 432;

export interface CloudParameterCheck {
  /** Checks that could not be made, with the reason (e.g. the cloud lacks the list command). */
  skipped: string[];
}

/**
 * Checks the values of cloud-backed parameter types (zones, templates, service offerings, key pairs) against
 * what the account can see in the cloud, as AWS does for its AWS-specific parameter types.
 */
export class CloudParameterChecker {
  constructor(private readonly cloud: CloudStackClient) {}

  /** Names of the zones the account can deploy into: Fn::GetAZs' answer. */
  async availabilityZones(): Promise<string[]> {
    const zones = await this.cloud.listAll<{ name: string }>('listZones', { available: true }, 'zone');
    return zones.map((zone) => zone.name);
  }

  /** Throws TemplateValidationError with AWS's wording for the first value the cloud does not have. */
  async check(
    template: TemplateDocument,
    parameters: Record<string, ParameterValue>,
    noEchoParameters: readonly string[] = [],
  ): Promise<CloudParameterCheck> {
    const skipped: string[] = [];
    const listings = new Map<CloudCatalogueList, Promise<Array<Record<string, unknown>> | null>>();
    for (const [name, definition] of Object.entries(template.Parameters ?? {})) {
      const lookup = CLOUD_CHECKED_TYPES[parameterMemberType(String(definition.Type))];
      if (!lookup || !Object.prototype.hasOwnProperty.call(parameters, name)) continue;
      if (!listings.has(lookup)) listings.set(lookup, this.list(lookup));
      const items = await listings.get(lookup)!;
      if (items === null) {
        skipped.push(
          `parameter ${name} (${definition.Type}) was not checked: the cloud has no ${lookup.command} command`,
        );
        continue;
      }
      const value = parameters[name];
      for (const member of Array.isArray(value) ? value : [value]) {
        if (items.some((item) => lookup.matches(item, member))) continue;
        const shown = noEchoParameters.includes(name) ? MASK : member;
        throw new TemplateValidationError(
          `Parameter validation failed: parameter value ${shown} for parameter name ${name} does not exist`,
        );
      }
    }
    return { skipped };
  }

  private async list(lookup: CloudCatalogueList): Promise<Array<Record<string, unknown>> | null> {
    try {
      return await this.cloud.listAll<Record<string, unknown>>(lookup.command, lookup.params, lookup.itemKey);
    } catch (error) {
      if (error instanceof CloudStackApiError && error.errorcode === UNSUPPORTED_COMMAND) return null;
      throw error;
    }
  }
}
