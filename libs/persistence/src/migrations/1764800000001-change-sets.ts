import { MigrationInterface, QueryRunner } from 'typeorm';

/** Change sets (api): what CreateChangeSet computed, until executed or deleted; stacks made by one wait in review. */
export class ChangeSets1764800000001 implements MigrationInterface {
  name = 'ChangeSets1764800000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE change_sets (
      id CHAR(36) NOT NULL PRIMARY KEY,
      arn VARCHAR(512) NOT NULL,
      name VARCHAR(128) NOT NULL,
      stack_id CHAR(36) NOT NULL,
      account_id VARCHAR(12) NOT NULL,
      change_set_type VARCHAR(16) NOT NULL,
      status VARCHAR(32) NOT NULL,
      status_reason TEXT NULL,
      execution_status VARCHAR(32) NOT NULL,
      description VARCHAR(1024) NULL,
      template_body MEDIUMTEXT NOT NULL,
      parameters JSON NOT NULL,
      tags JSON NOT NULL,
      capabilities JSON NOT NULL,
      changes JSON NOT NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_change_sets_name (stack_id, name),
      KEY ix_change_sets_account (account_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query('ALTER TABLE stack_requests ADD COLUMN in_review TINYINT NOT NULL DEFAULT 0');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE stack_requests DROP COLUMN in_review');
    await db.query('DROP TABLE change_sets');
  }
}
