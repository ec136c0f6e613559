import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The configuration of each member of an AutoScalingGroup (the planner's): one configurator operation per member
 * VM, so the group completes once every member's configuration succeeded (ADR 28).
 */
export class GroupMemberConfigurations1765100000000 implements MigrationInterface {
  name = 'GroupMemberConfigurations1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE group_member_configurations (
      operation_id CHAR(36) NOT NULL,
      stack_id CHAR(36) NOT NULL,
      logical_id VARCHAR(255) NOT NULL,
      group_operation_id CHAR(36) NOT NULL,
      member_index INT NOT NULL,
      member_logical_id VARCHAR(255) NOT NULL,
      status VARCHAR(16) NOT NULL,
      reason TEXT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (operation_id),
      KEY ix_group_member_configurations_group (stack_id, logical_id, group_operation_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE group_member_configurations');
  }
}
