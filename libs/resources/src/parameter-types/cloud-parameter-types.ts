import { currentCatalogueMap, mappedImage } from '../cloudstack-vm/catalogue-map';

/** How the cloud lists the objects a parameter type names, and how a value matches one of them. */
export interface CloudCatalogueList {
  command: string;
  itemKey: string;
  params: Record<string, string | boolean>;
  /** What the value may be: a name, or (since the resource plugins accept both) an id. */
  matches(item: Record<string, unknown>, value: string): boolean;
}

const byNameOrId = (item: Record<string, unknown>, value: string) => item.name === value || item.id === value;

const ZONES: CloudCatalogueList = {
  command: 'listZones',
  itemKey: 'zone',
  params: { available: true },
  matches: byNameOrId,
};
/** A template by name or id, or an AMI id the deployment's image map (keys, patterns, `"*"`) gives a template for. */
const TEMPLATES: CloudCatalogueList = {
  command: 'listTemplates',
  itemKey: 'template',
  params: { templatefilter: 'executable' },
  matches: (item, value) => {
    if (byNameOrId(item, value)) return true;
    const mapped = mappedImage(currentCatalogueMap().images, value);
    return mapped !== undefined && byNameOrId(item, mapped.template);
  },
};
const OFFERINGS: CloudCatalogueList = {
  command: 'listServiceOfferings',
  itemKey: 'serviceoffering',
  params: {},
  matches: byNameOrId,
};
const KEY_PAIRS: CloudCatalogueList = {
  command: 'listSSHKeyPairs',
  itemKey: 'sshkeypair',
  params: {},
  matches: (item, value) => item.name === value,
};

/**
 * Parameter types whose values the validator looks up in the cloud. AWS-specific types map to their CloudStack
 * counterparts (an AMI is a template, an availability zone a zone). The other AWS-specific types (security group,
 * subnet, VPC, volume, instance, hosted zone ids) name objects this service does not manage yet; they are accepted
 * as strings.
 */
export const CLOUD_CHECKED_TYPES: Record<string, CloudCatalogueList> = {
  'AWS::EC2::AvailabilityZone::Name': ZONES,
  'AWS::EC2::Image::Id': TEMPLATES,
  'AWS::EC2::KeyPair::KeyName': KEY_PAIRS,
  'CloudStack::Zone::Name': ZONES,
  'CloudStack::Template::Name': TEMPLATES,
  'CloudStack::ServiceOffering::Name': OFFERINGS,
  'CloudStack::SSHKeyPair::Name': KEY_PAIRS,
};
