export type VirtualMachineState = 'Starting' | 'Running' | 'Stopping' | 'Stopped' | 'Destroyed' | 'Expunging' | 'Error';

export interface NicRecord {
  id: string;
  networkid: string;
  ipaddress: string;
  macaddress: string;
}

export interface VirtualMachineRecord {
  id: string;
  /** CloudStack's internal numeric id, used in the instance name `i-<account>-<id>-VM`. */
  internalId: number;
  name: string;
  displayname: string;
  state: VirtualMachineState;
  zoneid: string;
  templateid: string;
  serviceofferingid: string;
  /** The first key pair given at deploy (CloudStack's `keypair` field). */
  keypair?: string;
  /** Every key pair given at deploy (`keypair` and `keypairs`), by name, in the owner's account. */
  keypairs?: string[];
  /** Base64 as received; kept for the metadata service, never listed. */
  userdata?: string;
  nic: NicRecord[];
  created: Date;
  /** Set once expunged: the id still resolves (as in CloudStack's database) but the VM is gone from listings. */
  removed?: Date;
  /** Owner; absent means the administrator's account. */
  accountid?: string;
  securitygroupids?: string[];
  affinitygroupids?: string[];
  /** The simulated hypervisor host the VM is placed on while it holds capacity. */
  hostid?: string;
}

export type AsyncJobStatus = 0 | 1 | 2;

export interface AsyncJobRecord {
  jobid: string;
  cmd: string;
  jobinstancetype: string;
  jobinstanceid?: string;
  jobstatus: AsyncJobStatus;
  jobresultcode: number;
  jobresult?: Record<string, unknown>;
  created: Date;
  completed?: Date;
  /** Who submitted the job; absent means the administrator. */
  accountid?: string;
  userid?: string;
}

/** CloudStack's Account.Type: 0 user, 1 root administrator, 2 domain administrator. */
export type AccountType = 0 | 1 | 2;

/** The role types the simulator models (CloudStack's RoleType without ResourceAdmin). */
export type RoleType = 'Admin' | 'DomainAdmin' | 'User';

/** Account.State / User state as CloudStack lists them. */
export type IdentityState = 'enabled' | 'disabled' | 'locked';

/** A domain: ROOT or a child of another domain. */
export interface DomainRecord {
  id: string;
  /** Numeric id as CloudStack prints it in messages: ROOT is 1. */
  internalId: number;
  name: string;
  /** `ROOT`, `ROOT/child`, `ROOT/child/grandchild`: the path CloudStack's responses show. */
  path: string;
  /** Absent for ROOT. */
  parentdomainid?: string;
  /** 0 for ROOT, 1 for its children, ... */
  level: number;
  created: Date;
}

/** One user of an account; API keys belong to users, as in CloudStack. */
export interface UserRecord {
  id: string;
  /** Numeric id as CloudStack prints it in messages (`Unable to find active user by id 5`). */
  internalId: number;
  accountid: string;
  username: string;
  firstname?: string;
  lastname?: string;
  email?: string;
  state: IdentityState;
  /** Absent until registerUserKeys (users made by createAccount/createUser have none). */
  apiKey?: string;
  secretKey?: string;
  created: Date;
  /** The administrator's own user: CloudStack refuses to delete default users. */
  isdefault: boolean;
  /** Set by deleteUser: the id still resolves, the user is gone from listings and its keys no longer work. */
  removed?: Date;
}

/** An account in a domain, with one or more users (UserRecord) holding the API keys. */
export interface AccountRecord {
  id: string;
  /** Numeric id as CloudStack prints it in messages (`account name=... in domain id=1`). */
  internalId: number;
  name: string;
  accounttype: AccountType;
  roleid: string;
  roletype: RoleType;
  rolename: string;
  /** A ROOT administrator (accounttype 1): sees everything with listall=true and has no resource limits. */
  isAdmin: boolean;
  domainid: string;
  /** The domain's name (`ROOT` for the root domain), as CloudStack's `domain` fields show it. */
  domain: string;
  /** The domain's path, `ROOT/child`. */
  domainpath: string;
  domainInternalId: number;
  state: IdentityState;
  /** The account's first user (owner fields of its objects, jobs submitted on its behalf). */
  userid: string;
  username: string;
  created: Date;
  /** The administrator account made at start (CloudStack's default `admin`). */
  isdefault: boolean;
}

/** Something an account owns. */
export interface OwnedRecord {
  id: string;
  accountid: string;
  created: Date;
}

export type SecurityRuleDirection = 'ingress' | 'egress';

export interface SecurityGroupRuleRecord {
  ruleid: string;
  direction: SecurityRuleDirection;
  /** Lowercase protocol name (`tcp`, `udp`, `icmp`, `all`) or an IP protocol number. */
  protocol: string;
  startport?: number;
  endport?: number;
  icmptype?: number;
  icmpcode?: number;
  /** Either a CIDR... */
  cidr?: string;
  /** ...or another security group whose members are allowed. */
  securitygroupid?: string;
}

export interface SecurityGroupRecord extends OwnedRecord {
  name: string;
  description?: string;
  rules: SecurityGroupRuleRecord[];
}

export interface SshKeyPairRecord extends OwnedRecord {
  name: string;
  /** OpenSSH format: `ssh-rsa AAAA... comment`. */
  publickey: string;
  fingerprint: string;
}

export type AffinityGroupType = 'host anti-affinity' | 'host affinity';

export interface AffinityGroupRecord extends OwnedRecord {
  name: string;
  type: AffinityGroupType;
  description?: string;
}

export type VolumeType = 'ROOT' | 'DATADISK';

export interface VolumeRecord extends OwnedRecord {
  internalId: number;
  name: string;
  type: VolumeType;
  zoneid: string;
  sizeBytes: number;
  diskofferingid?: string;
  /** Allocated until first attached (no storage yet), Ready afterwards. */
  state: 'Allocated' | 'Ready';
  virtualmachineid?: string;
  deviceid?: number;
  attached?: Date;
  removed?: Date;
}

/** A volume snapshot (SnapshotVO). It outlives its volume, as CloudStack's do. */
export interface SnapshotRecord extends OwnedRecord {
  name: string;
  volumeid: string;
  volumename: string;
  volumetype: VolumeType;
  zoneid: string;
  sizeBytes: number;
  /** BackedUp once the job finished; Destroyed after deleteSnapshot. */
  state: 'Creating' | 'BackedUp';
  removed?: Date;
}

export interface PublicIpRecord extends OwnedRecord {
  ipaddress: string;
  zoneid: string;
  networkid: string;
  /** The VM this address is statically NATed to. */
  staticNatVmId?: string;
  removed?: Date;
}

export type NetworkRulePurpose = 'Firewall' | 'PortForwarding' | 'StaticNat' | 'LoadBalancing';

/** Firewall, port forwarding, static NAT (IP forwarding) and load balancer rules all hang off a public IP. */
export interface NetworkRuleRecord extends OwnedRecord {
  purpose: NetworkRulePurpose;
  ipaddressid: string;
  protocol: string;
  /** Public start/end ports (for port forwarding, the public range). */
  startport?: number;
  endport?: number;
  cidrlist: string[];
  icmptype?: number;
  icmpcode?: number;
  /** Port forwarding: the VM and its private range. */
  virtualmachineid?: string;
  privateport?: number;
  privateendport?: number;
  /** Load balancing. */
  name?: string;
  description?: string;
  algorithm?: string;
  virtualmachineids?: string[];
  /** A firewall rule that openfirewall=true made for a forwarding or load balancer rule goes with that rule. */
  related?: string;
}

/** A guest network an account created (createNetwork) from an Isolated offering; the zone's shared one is catalogue. */
export interface NetworkRecord extends OwnedRecord {
  name: string;
  displaytext: string;
  zoneid: string;
  networkofferingid: string;
  cidr: string;
  gateway: string;
  netmask: string;
  networkdomain: string;
  /** Allocated until its first VM is deployed (CloudStack implements the network then). */
  state: 'Allocated' | 'Implemented';
}

/** CloudStack's ResourceObjectType names that can carry tags here. */
export type TaggableResourceType =
  | 'UserVm'
  | 'Volume'
  | 'SecurityGroup'
  | 'PublicIpAddress'
  | 'PortForwardingRule'
  | 'FirewallRule'
  | 'LoadBalancer'
  | 'AffinityGroup'
  | 'Snapshot'
  | 'Network';

export interface TagRecord {
  key: string;
  value: string;
  resourcetype: TaggableResourceType;
  resourceid: string;
  accountid: string;
  customer?: string;
}
