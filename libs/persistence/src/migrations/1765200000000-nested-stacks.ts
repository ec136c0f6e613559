import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nested stacks: the api records each child stack's parent and root (DescribeStacks' ParentId and RootId); the
 * planner keeps which resource of which parent a child stack belongs to, to complete that resource when the
 * child settles.
 */
export class NestedStacks1765200000000 implements MigrationInterface {
  name = 'NestedStacks1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      'ALTER TABLE stack_requests ADD COLUMN parent_stack_arn VARCHAR(512) NULL, ADD COLUMN root_stack_arn VARCHAR(512) NULL',
    );
    await db.query(`CREATE TABLE nested_stacks (
      stack_id CHAR(36) NOT NULL,
      stack_arn VARCHAR(512) NOT NULL,
      parent_stack_id CHAR(36) NOT NULL,
      logical_id VARCHAR(255) NOT NULL,
      operation_id CHAR(36) NOT NULL,
      root_stack_arn VARCHAR(512) NOT NULL,
      depth INT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (stack_id),
      KEY ix_nested_stacks_parent (parent_stack_id, logical_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE nested_stacks');
    await db.query('ALTER TABLE stack_requests DROP COLUMN root_stack_arn, DROP COLUMN parent_stack_arn');
  }
}
