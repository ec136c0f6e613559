import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets the planner handle one resource's outcome without reading the whole stack: a hash naming the template
 * (and parameters) the stack's graph was built from, and how many resources are not yet created.
 */
export class PlannerIncrementalProgress1764158400000 implements MigrationInterface {
  name = 'PlannerIncrementalProgress1764158400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE stacks
      ADD COLUMN template_hash CHAR(40) NULL,
      ADD COLUMN incomplete_resources INT NOT NULL DEFAULT 0`);
    await db.query('CREATE INDEX ix_stack_resources_status ON stack_resources (stack_id, status)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX ix_stack_resources_status ON stack_resources');
    await db.query('ALTER TABLE stacks DROP COLUMN incomplete_resources, DROP COLUMN template_hash');
  }
}
