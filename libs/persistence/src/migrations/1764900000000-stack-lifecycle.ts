import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stack life cycle: what to do when a create fails (OnFailure) and by when it must finish (TimeoutInMinutes),
 * resources a DeleteStack keeps (RetainResources), the client request token of the operation under way (stamped
 * on its events), the api's ledger of tokens already acted on, and cross-stack exports and imports.
 */
export class StackLifecycle1764900000000 implements MigrationInterface {
  name = 'StackLifecycle1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE stacks
      ADD COLUMN on_failure VARCHAR(16) NULL,
      ADD COLUMN create_deadline DATETIME(3) NULL,
      ADD COLUMN retain_resources JSON NULL,
      ADD COLUMN client_request_token VARCHAR(128) NULL,
      ADD COLUMN imported_values JSON NULL`);
    await db.query('CREATE INDEX ix_stacks_create_deadline ON stacks (status, create_deadline)');
    await db.query('ALTER TABLE stack_events ADD COLUMN client_request_token VARCHAR(128) NULL');
    await db.query('ALTER TABLE stack_requests ADD COLUMN timeout_in_minutes INT NULL');
    await db.query(`CREATE TABLE client_request_tokens (
      account_id VARCHAR(12) NOT NULL,
      token VARCHAR(128) NOT NULL,
      action VARCHAR(64) NOT NULL,
      stack_id CHAR(36) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (account_id, token)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE stack_exports (
      account_id VARCHAR(12) NOT NULL,
      region VARCHAR(64) NOT NULL,
      name VARCHAR(255) NOT NULL,
      stack_id CHAR(36) NOT NULL,
      value TEXT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (account_id, region, name),
      INDEX ix_stack_exports_stack (stack_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE stack_imports (
      account_id VARCHAR(12) NOT NULL,
      region VARCHAR(64) NOT NULL,
      export_name VARCHAR(255) NOT NULL,
      stack_id CHAR(36) NOT NULL,
      PRIMARY KEY (account_id, region, export_name, stack_id),
      INDEX ix_stack_imports_stack (stack_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE stack_imports');
    await db.query('DROP TABLE stack_exports');
    await db.query('DROP TABLE client_request_tokens');
    await db.query('ALTER TABLE stack_requests DROP COLUMN timeout_in_minutes');
    await db.query('ALTER TABLE stack_events DROP COLUMN client_request_token');
    await db.query('DROP INDEX ix_stacks_create_deadline ON stacks');
    await db.query(`ALTER TABLE stacks DROP COLUMN on_failure, DROP COLUMN create_deadline, DROP COLUMN retain_resources,
      DROP COLUMN client_request_token, DROP COLUMN imported_values`);
  }
}
