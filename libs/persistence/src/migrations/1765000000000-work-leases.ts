import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leases on work in progress: the provisioner's cloud operations and the configurator's runs name the process
 * working on them and until when its last heartbeat holds the lease; each also keeps the request it carries out,
 * so another process can take the work over when the lease runs out.
 */
export class WorkLeases1765000000000 implements MigrationInterface {
  name = 'WorkLeases1765000000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['cloud_operations', 'configuration_runs']) {
      await db.query(`ALTER TABLE ${table}
        ADD COLUMN lease_owner VARCHAR(128) NULL,
        ADD COLUMN lease_expires_at DATETIME(3) NULL,
        ADD COLUMN request JSON NULL`);
      await db.query(`CREATE INDEX ix_${table}_lease ON ${table} (status, lease_expires_at)`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['cloud_operations', 'configuration_runs']) {
      await db.query(`DROP INDEX ix_${table}_lease ON ${table}`);
      await db.query(`ALTER TABLE ${table} DROP COLUMN lease_owner, DROP COLUMN lease_expires_at, DROP COLUMN request`);
    }
  }
}
