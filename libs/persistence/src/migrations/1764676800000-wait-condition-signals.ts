import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wait conditions: the signals the planner heard (by stack, handle and the sender's UniqueId) and the moment a
 * waiting resource times out.
 */
export class WaitConditionSignals1764676800000 implements MigrationInterface {
  name = 'WaitConditionSignals1764676800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE stack_signals (
      stack_id CHAR(36) NOT NULL,
      handle_logical_id VARCHAR(255) NOT NULL,
      unique_id VARCHAR(255) NOT NULL,
      status VARCHAR(16) NOT NULL,
      reason TEXT NOT NULL,
      data MEDIUMTEXT NOT NULL,
      received_at DATETIME(3) NOT NULL,
      PRIMARY KEY (stack_id, handle_logical_id, unique_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query('ALTER TABLE stack_resources ADD COLUMN deadline DATETIME(3) NULL');
    await db.query('CREATE INDEX ix_stack_resources_deadline ON stack_resources (phase, deadline)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX ix_stack_resources_deadline ON stack_resources');
    await db.query('ALTER TABLE stack_resources DROP COLUMN deadline');
    await db.query('DROP TABLE stack_signals');
  }
}
