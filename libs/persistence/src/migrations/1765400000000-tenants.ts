import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenancy: an account number may stand for a CloudStack account (its uuid, domain and names are kept with it, see
 * docs/tenancy.md); a stack remembers the CloudStack user it acts as (api and planner each in their own table); the
 * audit log records who asked for each change.
 */
export class Tenants1765400000000 implements MigrationInterface {
  name = 'Tenants1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE accounts
      ADD COLUMN cloudstack_account_id VARCHAR(64) NULL,
      ADD COLUMN cloudstack_domain_id VARCHAR(64) NULL,
      ADD COLUMN domain_path VARCHAR(512) NULL`);
    await db.query('CREATE UNIQUE INDEX uq_accounts_cloudstack_account ON accounts (cloudstack_account_id)');
    await db.query('ALTER TABLE stack_requests ADD COLUMN owner JSON NULL');
    await db.query('ALTER TABLE stacks ADD COLUMN owner JSON NULL');
    await db.query('ALTER TABLE audit_log ADD COLUMN requested_by VARCHAR(512) NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE audit_log DROP COLUMN requested_by');
    await db.query('ALTER TABLE stacks DROP COLUMN owner');
    await db.query('ALTER TABLE stack_requests DROP COLUMN owner');
    await db.query('DROP INDEX uq_accounts_cloudstack_account ON accounts');
    await db.query(`ALTER TABLE accounts DROP COLUMN cloudstack_account_id, DROP COLUMN cloudstack_domain_id,
      DROP COLUMN domain_path`);
  }
}
