import { Column } from 'typeorm';

/**
 * The columns every table of leased work has (cloud_operations, configuration_runs): who holds the lease, until
 * when, and the request a worker that takes the work over resumes from. Entities inherit them (TypeORM's concrete
 * table inheritance: each table keeps its own columns, the declaration is written once); WorkLeases reads and
 * writes them by these column names.
 */
export abstract class LeasedWorkColumns {
  /** The process working on it (see WorkLeases); NULL when nobody is. */
  @Column({ name: 'lease_owner', type: 'varchar', length: 128, nullable: true })
  leaseOwner: string | null;

  /** Until when its holder's last heartbeat keeps the lease (database clock). */
  @Column({ name: 'lease_expires_at', type: 'datetime', precision: 3, nullable: true })
  leaseExpiresAt: Date | null;

  /** The request carried out (resumed from here when its worker died). */
  @Column({ type: 'json', nullable: true })
  request: Record<string, any> | null;
}
