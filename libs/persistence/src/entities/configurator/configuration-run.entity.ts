import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { LeasedWorkColumns } from '../../leases/leased-work-columns';

/** One configuration of one VM, keyed by the planner's operation id: IN_PROGRESS, then SUCCEEDED or FAILED. */
@Entity({ name: 'configuration_runs' })
@Index('ix_configuration_runs_resource', ['stackId', 'logicalId', 'startedAt'])
export class ConfigurationRun extends LeasedWorkColumns {
  @PrimaryColumn({ name: 'operation_id', type: 'char', length: 36 })
  operationId: string;

  @Column({ name: 'stack_id', type: 'char', length: 36 })
  stackId: string;

  @Column({ name: 'stack_name', type: 'varchar', length: 128 })
  stackName: string;

  @Column({ name: 'logical_id', type: 'varchar', length: 255 })
  logicalId: string;

  /** The address configured. */
  @Column({ type: 'varchar', length: 255 })
  host: string;

  @Column({ name: 'check_mode', type: 'boolean' })
  checkMode: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'json', nullable: true })
  summary: { ok: number; changed: number; failed: number; skipped: number } | null;

  /** How many times the run was started (a redelivery after a crash starts it again). */
  @Column({ type: 'int' })
  attempts: number;

  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;
}
