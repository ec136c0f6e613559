import { MigrationInterface, QueryRunner } from 'typeorm';

/** When the api accepted CancelUpdateStack / ContinueUpdateRollback: the stack shows UPDATE_ROLLBACK_IN_PROGRESS at once. */
export class StackRollbackRequests1764800000002 implements MigrationInterface {
  name = 'StackRollbackRequests1764800000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE stack_requests ADD COLUMN rollback_requested_at DATETIME(3) NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE stack_requests DROP COLUMN rollback_requested_at');
  }
}
