import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One task's result on one host with its full output (secrets masked): what `configuration logs` shows. */
@Entity({ name: 'configuration_task_results' })
@Index('uq_configuration_task_results_seq', ['operationId', 'seq'], { unique: true })
@Index('ix_configuration_task_results_resource', ['stackId', 'logicalId'])
export class ConfigurationTaskResult {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'operation_id', type: 'char', length: 36 })
  operationId: string;

  @Column({ type: 'int' })
  seq: number;

  @Column({ name: 'stack_id', type: 'char', length: 36 })
  stackId: string;

  @Column({ name: 'logical_id', type: 'varchar', length: 255 })
  logicalId: string;

  @Column({ type: 'varchar', length: 255 })
  host: string;

  @Column({ name: 'task_name', type: 'varchar', length: 512 })
  taskName: string;

  @Column({ type: 'varchar', length: 64 })
  module: string;

  @Column({ type: 'varchar', length: 16 })
  result: 'ok' | 'changed' | 'failed' | 'skipped';

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ type: 'mediumtext' })
  output: string;

  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3 })
  finishedAt: Date;
}
