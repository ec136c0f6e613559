import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stack updates (ADR 0019): the api keeps every update's inputs (`stack_template_versions`); the planner keeps
 * which of them is in effect, the update in progress with what it needs to roll back (`stacks.update_state`), and
 * per resource its state before the update (`previous`) and an object it no longer uses and will delete
 * (`retired`: the old object of a replaced resource, or the new one after a rollback).
 */
export class StackUpdates1764800000000 implements MigrationInterface {
  name = 'StackUpdates1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE stack_template_versions (
      stack_id CHAR(36) NOT NULL,
      version INT NOT NULL,
      template_body MEDIUMTEXT NOT NULL,
      parameters JSON NOT NULL,
      tags JSON NOT NULL,
      disable_rollback TINYINT NOT NULL DEFAULT 0,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (stack_id, version)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`ALTER TABLE stacks
      ADD COLUMN update_version INT NOT NULL DEFAULT 0,
      ADD COLUMN template_version INT NOT NULL DEFAULT 0,
      ADD COLUMN update_state JSON NULL,
      ADD COLUMN last_updated_at DATETIME(3) NULL`);
    await db.query(`ALTER TABLE stack_resources
      ADD COLUMN update_version INT NULL,
      ADD COLUMN update_action VARCHAR(16) NULL,
      ADD COLUMN previous JSON NULL,
      ADD COLUMN retired JSON NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE stack_resources DROP COLUMN retired, DROP COLUMN previous, DROP COLUMN update_action,
      DROP COLUMN update_version`);
    await db.query(`ALTER TABLE stacks DROP COLUMN last_updated_at, DROP COLUMN update_state, DROP COLUMN template_version,
      DROP COLUMN update_version`);
    await db.query('DROP TABLE stack_template_versions');
  }
}
