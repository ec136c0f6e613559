import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';

/** What a worker reported it made (or changed). */
export interface MadeResource {
  physicalId: string;
  attributes: Record<string, unknown>;
}

/** How a type's create began: the row changes to record with CREATE_IN_PROGRESS, and who finishes it. */
export interface CreateStarted {
  changes: Partial<StackResource>;
  /** The planner itself waits (signals): `checkCreateComplete` decides, and `timedOut` words a missed deadline. */
  awaiting?: boolean;
}

/** What `checkCreateComplete` found: done (with the row changes), failed (why), or still waiting (null). */
export type CreateCheck = { complete: Partial<StackResource> } | { failed: string } | null;

/**
 * The planner's side of a resource type, the way OpenStack Heat's resources carry handle_create /
 * check_create_complete / handle_delete: the passes ask these hooks and never test a type name. A type with no hooks
 * is an ordinary cloud resource (the provisioner makes and deletes it; see CloudResourceHooks). Every hook is
 * optional; a hook returns a decision or sends a request, and the passes make the status changes that follow.
 */
export interface ResourceTypeHooks {
  /** The types these hooks are for: the libs/resources plugins' `type`, imported, never written again. */
  readonly types: readonly string[];
  /** False when the type cannot be updated at all (the update fails instead of asking a worker). Default true. */
  readonly updatable?: boolean;
  /** False when the type's configuration Metadata is not about the resource itself. Default true. */
  readonly configuresItself?: boolean;
  /** Evaluated properties as a worker is handed them (and an update compares them). */
  workerProperties?(properties: Record<string, unknown>, rows: StackResource[]): Record<string, unknown>;
  /** handle_create; throws ResourcePropertyError for properties the resource cannot be created with. */
  handleCreate?(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    properties: Record<string, unknown>,
    operationId: string,
  ): Promise<CreateStarted>;
  /** check_create_complete of a resource the planner waits for itself. */
  checkCreateComplete?(tx: Transaction, stack: Stack, resource: StackResource): Promise<CreateCheck>;
  /** Whether a resource the planner waits for listens to signals sent to `handleLogicalId`. */
  listensTo?(resource: StackResource, handleLogicalId: string): boolean;
  /** The wait's deadline passed: why the resource failed. */
  timedOut?(tx: Transaction, stack: Stack, resource: StackResource): Promise<string>;
  /**
   * A worker made (`create`) or changed (`update`) the resource; true when the type carries on from here (its
   * completion comes later), false for the ordinary completion.
   */
  afterMade?(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    made: MadeResource,
    step: 'create' | 'update',
  ): Promise<boolean>;
  /** handle_delete: asks for the deletion of the resource's stored attempt. */
  handleDelete?(tx: Transaction, stack: Stack, resource: StackResource, snapshot: boolean): Promise<void>;
  /**
   * Recovery found the resource without an outcome for a while: 'resent' when the type re-sent what it waits on,
   * 'nothing' when there is nothing to re-send, undefined for the ordinary re-send.
   */
  redrive?(tx: Transaction, stack: Stack, resource: StackResource): Promise<'resent' | 'nothing' | undefined>;
}

/** Nest token of the list of every type's hooks (PlannerModule provides it from resource-types/index.ts). */
export const RESOURCE_TYPE_HOOKS = Symbol('RESOURCE_TYPE_HOOKS');
