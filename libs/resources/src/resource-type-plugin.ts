import type { CloudStackClient } from '@cfn/cloudstack';

/**
 * The stack's own SSH key pair (derived by the service), given to every VM besides the user's KeyName, and the
 * address range the configurator connects from: a stack security group opens SSH to it alone.
 */
export interface StackAccess {
  keyPair: { name: string; publicKey: string };
  managementCidr: string | null;
}

/** Keeps a resource's private key (one per stack and logical id) out of attributes and events. */
export interface PrivateKeyStore {
  store(keyName: string, privateKey: string): Promise<void>;
  has(): Promise<boolean>;
  remove(): Promise<void>;
}

/** Where a plugin acts, and how it reports progress the provisioner must record before waiting on the cloud. */
export interface ResourceOperationContext {
  cloud: CloudStackClient;
  stackId: string;
  stackName: string;
  logicalId: string;
  accountId: string;
  region: string;
  /** How the service itself reaches the stack's VMs (to configure them); absent when configuration is off. */
  stackAccess?: StackAccess;
  /** Where private keys the cloud hands out once are kept (encrypted) for the stack's owner; absent when not configured. */
  privateKeys?: PrivateKeyStore;
  /** The stack's own Tags (CreateStack Tags): every object the stack makes carries them. */
  stackUserTags?: Record<string, string>;
  /**
   * Set when the object replaces an earlier one of the same logical resource (n: the stack's n-th update); names
   * derived from the logical id carry it, so the new object's name differs from the one it replaces.
   */
  generation?: number;
  /**
   * The physical id an earlier attempt of this same operation recorded through recordProgress (absent on a first
   * attempt): an object it made but could not yet tag or name is found through it.
   */
  recordedPhysicalId?: string;
  /** Called as soon as the cloud names the object (e.g. the VM id a deploy returns), before its job completes. */
  recordProgress(progress: { physicalId?: string; jobId?: string }): Promise<void>;
}

export interface ProvisionedResource {
  physicalId: string;
  attributes: Record<string, unknown>;
  /**
   * A line for the stack's events about how the object was made, when the service decided something the template
   * did not say (which service offering an AWS instance type became, which template an AMI id became).
   */
  note?: string;
}

/** A failure the template author must fix (bad image name ...) rather than one worth retrying. */
export class ResourcePropertyError extends Error {}

/**
 * What changing one property does to the running object, in AWS's terms ("Update requires: ..."): applied in
 * place without or with an interruption, or a new object replacing the old one.
 */
export type PropertyUpdateBehaviour = 'NoInterruption' | 'SomeInterruptions' | 'Replacement';

/** A resource-type plugin (one per type, like Heat's engine/resources): schema, attributes and cloud operations. */
export interface ResourceTypePlugin {
  readonly type: string;
  /** 'planner' for types the planner itself carries out (a wait condition); the provisioner otherwise. */
  readonly executor?: 'planner';
  /** JSON schema of Properties (Ajv); the validator builds its checks from it. */
  readonly propertiesSchema: Record<string, unknown>;
  /** Names Fn::GetAtt accepts; a name ending in `.*` stands for every name with that prefix (`Outputs.*`). */
  readonly attributes: readonly string[];
  /**
   * Checks beyond the property schema that need no cloud (what CreateStack refuses at once); throws a
   * TemplateValidationError. Property values that are intrinsic functions are not known yet and are skipped.
   */
  checkProperties?(properties: Record<string, unknown>): void;
  /** Finds the object an earlier attempt of this same create made (by its deterministic name or tags). */
  findExisting(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource | null>;
  create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource>;
  /**
   * How a change of each property is carried out. A property not listed needs Replacement (the safe default: a
   * new object is created, dependants are repointed, the old one is deleted in the update's clean-up).
   */
  readonly updateBehaviour?: Readonly<Record<string, PropertyUpdateBehaviour>>;
  /**
   * Applies a change of properties that are all updatable in place (never called when one needs Replacement);
   * returns the object's physical id and attributes after the change.
   */
  update?(
    ctx: ResourceOperationContext,
    physicalId: string,
    previous: Record<string, unknown>,
    next: Record<string, unknown>,
  ): Promise<ProvisionedResource>;
  /**
   * Present on types that support DeletionPolicy Snapshot: keeps a snapshot of the object (found again by a retry
   * instead of taken twice) and returns its id. Called before `delete`.
   */
  snapshot?(ctx: ResourceOperationContext, physicalId: string): Promise<string>;
  /** Removes the object; an object that is already gone is success. */
  delete(ctx: ResourceOperationContext, physicalId: string, properties: Record<string, unknown>): Promise<void>;
}
