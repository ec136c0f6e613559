/** What the virtual router knows about one VM, served to that VM only. */
export interface GuestMetadata {
  /** Userdata decoded from the Base64 it was deployed with; empty when none was given. */
  userdata: Buffer;
  items: Record<MetadataItem, string>;
}

/** The files CloudStack's virtual router serves under /latest/meta-data/ (UserVmManagerImpl.generateVmData). */
export const METADATA_ITEMS = [
  'service-offering',
  'availability-zone',
  'local-ipv4',
  'local-hostname',
  'public-ipv4',
  'public-hostname',
  'instance-id',
  'vm-id',
  'public-keys',
  'cloud-identifier',
  'hypervisor-host-name',
] as const;
export type MetadataItem = (typeof METADATA_ITEMS)[number];

export interface GuestFacts {
  id: string;
  name: string;
  ipaddress: string;
  /** A static NAT address when the VM has one; otherwise CloudStack reports the guest address. */
  publicIpAddress?: string;
  userdataBase64?: string;
  zoneName: string;
  serviceOfferingName: string;
  publicKeys: string[];
  cloudIdentifier: string;
  hypervisorHostName: string;
}

export function guestMetadata(facts: GuestFacts): GuestMetadata {
  const publicIp = facts.publicIpAddress ?? facts.ipaddress;
  return {
    userdata: Buffer.from(facts.userdataBase64 ?? '', 'base64'),
    items: {
      'service-offering': facts.serviceOfferingName,
      'availability-zone': facts.zoneName,
      'local-ipv4': facts.ipaddress,
      'local-hostname': facts.name,
      'public-ipv4': publicIp,
      'public-hostname': publicIp,
      'instance-id': facts.id,
      'vm-id': facts.id,
      'public-keys': facts.publicKeys.map((key) => `${key.trim()}\n`).join(''),
      'cloud-identifier': `CloudStack-{${facts.cloudIdentifier}}`,
      'hypervisor-host-name': facts.hypervisorHostName,
    },
  };
}
