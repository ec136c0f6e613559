import { Column, Entity, PrimaryColumn } from 'typeorm';

import { sealedJson } from '../../secrets/sealed-columns';

/** One change set: the inputs it would apply and the changes computed for them. Written by the api only. */
@Entity({ name: 'change_sets' })
export class ChangeSet {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 512 })
  arn: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ name: 'stack_id', type: 'char', length: 36 })
  stackId: string;

  @Column({ name: 'account_id', type: 'varchar', length: 12 })
  accountId: string;

  @Column({ name: 'change_set_type', type: 'varchar', length: 16 })
  changeSetType: 'CREATE' | 'UPDATE';

  /** CREATE_COMPLETE or FAILED (computed when created); DELETE_* are not kept: a deleted change set is gone. */
  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  /** AVAILABLE, UNAVAILABLE, EXECUTE_COMPLETE or OBSOLETE. */
  @Column({ name: 'execution_status', type: 'varchar', length: 32 })
  executionStatus: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Column({ name: 'template_body', type: 'mediumtext' })
  templateBody: string;

  /** Stored sealed (docs/secrets-at-rest.md), NoEcho values included. */
  @Column({ type: 'longtext', transformer: sealedJson('change_sets.parameters') })
  parameters: Array<{ key: string; value: string }>;

  @Column({ type: 'json' })
  tags: Array<{ key: string; value: string }>;

  @Column({ type: 'json' })
  capabilities: string[];

  /** DescribeChangeSet's Changes, in AWS's shape. */
  @Column({ type: 'json' })
  changes: Array<Record<string, any>>;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
