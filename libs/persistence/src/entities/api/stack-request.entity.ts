import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { sealedJson } from '../../secrets/sealed-columns';

/**
 * What a user asked for when creating a stack: its identity (id, ARN, name) and inputs. Written by the api only.
 * `nameLock` holds the stack name while the stack exists (NULL once deleted) so that a unique index makes
 * CreateStack with a name in use fail even when two requests race.
 */
@Entity({ name: 'stack_requests' })
@Index('uq_stack_requests_live_name', ['accountId', 'nameLock'], { unique: true })
@Index('uq_stack_requests_token', ['accountId', 'clientRequestToken'], { unique: true })
export class StackRequest {
  @PrimaryColumn({ name: 'stack_id', type: 'char', length: 36 })
  stackId: string;

  @Column({ name: 'stack_arn', type: 'varchar', length: 512 })
  stackArn: string;

  @Index()
  @Column({ name: 'stack_name', type: 'varchar', length: 128 })
  stackName: string;

  @Column({ name: 'name_lock', type: 'varchar', length: 128, nullable: true })
  nameLock: string | null;

  @Column({ name: 'account_id', type: 'varchar', length: 12 })
  accountId: string;

  /** The CloudStack user the stack acts as (see Stack.owner); null for stacks of the service's own credentials. */
  @Column({ type: 'json', nullable: true })
  owner: { userId: string; accountName: string; domainId: string } | null;

  @Column({ type: 'varchar', length: 64 })
  region: string;

  @Column({ name: 'template_body', type: 'mediumtext' })
  templateBody: string;

  /** Stored sealed (docs/secrets-at-rest.md), NoEcho values included. */
  @Column({ type: 'longtext', transformer: sealedJson('stack_requests.parameters') })
  parameters: Array<{ key: string; value: string }>;

  @Column({ type: 'json' })
  tags: Array<{ key: string; value: string }>;

  @Column({ type: 'json' })
  capabilities: string[];

  @Column({ name: 'disable_rollback', type: 'boolean', default: false })
  disableRollback: boolean;

  /** CreateStack's TimeoutInMinutes (DescribeStacks shows it); null: none. */
  @Column({ name: 'timeout_in_minutes', type: 'int', nullable: true })
  timeoutInMinutes?: number | null;

  @Column({ name: 'client_request_token', type: 'varchar', length: 128, nullable: true })
  clientRequestToken: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  /** Made by a CREATE change set not yet executed: the stack is REVIEW_IN_PROGRESS and has no resources. */
  @Column({ name: 'in_review', type: 'boolean', default: false })
  inReview?: boolean;

  /** When CancelUpdateStack or ContinueUpdateRollback was last accepted. */
  @Column({ name: 'rollback_requested_at', type: 'datetime', precision: 3, nullable: true })
  rollbackRequestedAt?: Date | null;

  @Column({ name: 'delete_requested_at', type: 'datetime', precision: 3, nullable: true })
  deleteRequestedAt: Date | null;

  /** A nested stack's parent and top-level stack (DescribeStacks' ParentId and RootId); null for a stack of its own. */
  @Column({ name: 'parent_stack_arn', type: 'varchar', length: 512, nullable: true })
  parentStackArn?: string | null;

  @Column({ name: 'root_stack_arn', type: 'varchar', length: 512, nullable: true })
  rootStackArn?: string | null;
}
