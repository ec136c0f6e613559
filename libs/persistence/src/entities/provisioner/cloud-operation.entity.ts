import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { LeasedWorkColumns } from '../../leases/leased-work-columns';

/**
 * A cloud side effect the provisioner is about to make or has made. Written before the cloud is called
 * (intent), so that a retry or a restarted worker finds the first attempt (its job id or physical id)
 * instead of making a second VM.
 */
@Entity({ name: 'cloud_operations' })
@Index('ix_cloud_operations_resource', ['stackId', 'logicalId'])
export class CloudOperation extends LeasedWorkColumns {
  @PrimaryColumn({ name: 'operation_id', type: 'char', length: 36 })
  operationId: string;

  @Column({ name: 'stack_id', type: 'char', length: 36 })
  stackId: string;

  @Column({ name: 'logical_id', type: 'varchar', length: 255 })
  logicalId: string;

  @Column({ name: 'resource_type', type: 'varchar', length: 255 })
  resourceType: string;

  @Column({ type: 'varchar', length: 16 })
  action: 'CREATE' | 'DELETE' | 'UPDATE';

  /** PENDING: recorded, cloud not yet called; IN_PROGRESS: cloud called; SUCCEEDED / FAILED: final. */
  @Column({ type: 'varchar', length: 16 })
  status: 'PENDING' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

  @Column({ name: 'job_id', type: 'varchar', length: 64, nullable: true })
  jobId: string | null;

  @Column({ name: 'physical_id', type: 'varchar', length: 255, nullable: true })
  physicalId: string | null;

  @Column({ type: 'json', nullable: true })
  attributes: Record<string, any> | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
