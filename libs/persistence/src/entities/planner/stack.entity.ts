import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';

import { sealedJson } from '../../secrets/sealed-columns';

/** The stack state machine, owned by the planner. */
@Entity({ name: 'stacks' })
export class Stack {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 512 })
  arn: string;

  @Index()
  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ name: 'account_id', type: 'varchar', length: 12 })
  accountId: string;

  /**
   * The CloudStack user the stack acts as (its creator: user id, account name, domain id); every CloudStack call for
   * the stack is signed with that user's keys. Null for stacks of the service's own credentials (administrator keys).
   */
  @Column({ type: 'json', nullable: true })
  owner: { userId: string; accountName: string; domainId: string } | null;

  @Column({ type: 'varchar', length: 64 })
  region: string;

  @Column({ type: 'varchar', length: 64 })
  status: string;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ type: 'json' })
  template: Record<string, any>;

  /** Stored sealed (docs/secrets-at-rest.md), NoEcho values included. */
  @Column({ type: 'longtext', transformer: sealedJson('stacks.parameters') })
  parameters: Record<string, string | string[]>;

  @Column({ name: 'no_echo_parameters', type: 'json' })
  noEchoParameters: string[];

  /** The cloud's zones the validator found for Fn::GetAZs (template.validated's availabilityZones); null: not used. */
  @Column({ name: 'availability_zones', type: 'json', nullable: true })
  availabilityZones: string[] | null;

  @Column({ type: 'json' })
  tags: Array<{ key: string; value: string }>;

  @Column({ type: 'json', nullable: true })
  outputs: Array<{ OutputKey: string; OutputValue: string; Description?: string; ExportName?: string }> | null;

  @Column({ name: 'disable_rollback', type: 'boolean', default: false })
  disableRollback: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: 'datetime', precision: 3, nullable: true })
  deletedAt: Date | null;

  /** Names the template and parameters the stack's dependency graph is built from (sha1). */
  @Column({ name: 'template_hash', type: 'char', length: 40, nullable: true })
  templateHash: string | null;

  /** Resources not yet CREATE_COMPLETE; the create finishes when it reaches 0. */
  @Column({ name: 'incomplete_resources', type: 'int', default: 0 })
  incompleteResources: number;

  /** OnFailure of CreateStack: ROLLBACK (default), DELETE (roll back, then delete the stack) or DO_NOTHING. */
  @Column({ name: 'on_failure', type: 'varchar', length: 16, nullable: true })
  onFailure: 'ROLLBACK' | 'DELETE' | 'DO_NOTHING' | null;

  /** When a create not finished by then fails (CreateStack's TimeoutInMinutes); null: no limit. */
  @Column({ name: 'create_deadline', type: 'datetime', precision: 3, nullable: true })
  createDeadline: Date | null;

  /** Logical ids a DeleteStack (of a DELETE_FAILED stack) keeps: they end DELETE_SKIPPED. */
  @Column({ name: 'retain_resources', type: 'json', nullable: true })
  retainResources: string[] | null;

  /** The ClientRequestToken of the operation under way; its events carry it. */
  @Column({ name: 'client_request_token', type: 'varchar', length: 128, nullable: true })
  clientRequestToken: string | null;

  /** Fn::ImportValue names this stack imports and the values they had when the stack started. */
  @Column({ name: 'imported_values', type: 'json', nullable: true })
  importedValues: Record<string, string> | null;
  /** The latest update (stack_template_versions.version) the planner has taken up, carried out or refused. */
  @Column({ name: 'update_version', type: 'int', default: 0 })
  updateVersion: number;

  /** The inputs in effect: 0 for CreateStack's, n for the n-th update's (back to the previous after a rollback). */
  @Column({ name: 'template_version', type: 'int', default: 0 })
  templateVersion: number;

  /**
   * The update in progress: what the stack was before it (for rollback) and the template it moves to. Stored sealed
   * as a whole (docs/secrets-at-rest.md): it holds the parameters before and after the update.
   */
  @Column({ name: 'update_state', type: 'longtext', nullable: true, transformer: sealedJson('stacks.update_state') })
  updateState: StackUpdateState | null;

  /** When the last update started (DescribeStacks' LastUpdatedTime). */
  @Column({ name: 'last_updated_at', type: 'datetime', precision: 3, nullable: true })
  lastUpdatedAt: Date | null;

  @VersionColumn()
  version: number;
}

/** What a stack was before an update, and what the update is moving it to. */
export interface StackUpdateState {
  version: number;
  disableRollback: boolean;
  previous: {
    template: Record<string, any>;
    parameters: Record<string, string | string[]>;
    noEchoParameters: string[];
    availabilityZones: string[] | null;
    tags: Array<{ key: string; value: string }>;
    outputs: Stack['outputs'];
    templateVersion: number;
    templateHash: string | null;
  };
  /** The template the update moves to; kept during rollback to order the deletion of resources it added. */
  target: { template: Record<string, any>; parameters: Record<string, string | string[]> };
  /** Logical ids the rollback leaves as they are (ContinueUpdateRollback's ResourcesToSkip). */
  skipped?: string[];
}
