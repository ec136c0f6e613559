import { Column, Entity, PrimaryColumn } from 'typeorm';

import { sealedJson } from '../../secrets/sealed-columns';

/**
 * The inputs of one UpdateStack (or executed UPDATE change set), numbered per stack from 1; CreateStack's are
 * version 0, in stack_requests. Written by the api only; the planner's stacks.template_version names the one in effect.
 */
@Entity({ name: 'stack_template_versions' })
export class StackTemplateVersion {
  @PrimaryColumn({ name: 'stack_id', type: 'char', length: 36 })
  stackId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ name: 'template_body', type: 'mediumtext' })
  templateBody: string;

  /** Stored sealed (docs/secrets-at-rest.md), NoEcho values included. */
  @Column({ type: 'longtext', transformer: sealedJson('stack_template_versions.parameters') })
  parameters: Array<{ key: string; value: string }>;

  @Column({ type: 'json' })
  tags: Array<{ key: string; value: string }>;

  @Column({ name: 'disable_rollback', type: 'boolean', default: false })
  disableRollback: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
