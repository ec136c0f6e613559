import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One logical resource of a stack and where it is in its life cycle; owned by the planner. */
@Entity({ name: 'stack_resources' })
@Index('uq_stack_resources_logical', ['stackId', 'logicalId'], { unique: true })
export class StackResource {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'stack_id', type: 'char', length: 36 })
  stackId: string;

  @Column({ name: 'logical_id', type: 'varchar', length: 255 })
  logicalId: string;

  @Column({ name: 'resource_type', type: 'varchar', length: 255 })
  resourceType: string;

  /** NULL until the planner first acts on the resource (AWS does not list untouched resources). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  status: string | null;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'physical_id', type: 'varchar', length: 255, nullable: true })
  physicalId: string | null;

  /** Properties as sent to the provisioner (intrinsics evaluated). */
  @Column({ type: 'json', nullable: true })
  properties: Record<string, any> | null;

  @Column({ type: 'json', nullable: true })
  attributes: Record<string, any> | null;

  /** The attempt in flight, so that a late or repeated outcome of an older attempt is ignored. */
  @Column({ name: 'operation_id', type: 'char', length: 36, nullable: true })
  operationId: string | null;

  /**
   * Within CREATE_IN_PROGRESS: NULL while the cloud object is made, 'AWAITING_GROUP' once made but waiting for the
   * other members of its configuration group, 'AWAITING_SIGNALS' for a wait condition, 'CONFIGURING' while the
   * configurator works. Within CREATE_FAILED: 'CANCELLED' while a create the stack's timeout cancelled is still
   * in a provisioner's hands (its outcome tells the planner what to tear down).
   */
  @Column({ type: 'varchar', length: 32, nullable: true })
  phase: 'AWAITING_GROUP' | 'AWAITING_SIGNALS' | 'CONFIGURING' | 'CANCELLED' | 'CLEANUP' | null;

  /** When a resource waiting for signals (a wait condition) times out. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  deadline: Date | null;

  /** The stack update (stacks.update_version) that last settled this resource; NULL before any update. */
  @Column({ name: 'update_version', type: 'int', nullable: true })
  updateVersion: number | null;

  /** What the update in progress does to it: Add, Modify (in place), Replace, Remove, None; or RolledBack. */
  @Column({ name: 'update_action', type: 'varchar', length: 16, nullable: true })
  updateAction: ResourceUpdateAction | null;

  /** The resource as it was before the update in progress touched it: what a rollback restores. */
  @Column({ type: 'json', nullable: true })
  previous: ResourceSnapshot | null;

  /** A cloud object the resource no longer uses, deleted in the update's clean-up (phase CLEANUP while it is). */
  @Column({ type: 'json', nullable: true })
  retired: ResourceSnapshot | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

export type ResourceUpdateAction = 'Add' | 'Modify' | 'Replace' | 'Remove' | 'None' | 'RolledBack';

/** One cloud object of a resource, as the planner knew it. */
export interface ResourceSnapshot {
  status: string | null;
  physicalId: string | null;
  properties: Record<string, any> | null;
  attributes: Record<string, any> | null;
}
