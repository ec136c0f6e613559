import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The configurator's tables: configuration runs (one per operation id), each task's result and full output (secrets
 * masked), the host keys recorded on first contact, and the last known hosts of each stack (for the inventory).
 */
export class ConfiguratorRuns1764331200000 implements MigrationInterface {
  name = 'ConfiguratorRuns1764331200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE configuration_runs (
      operation_id CHAR(36) NOT NULL PRIMARY KEY,
      stack_id CHAR(36) NOT NULL,
      stack_name VARCHAR(128) NOT NULL,
      logical_id VARCHAR(255) NOT NULL,
      host VARCHAR(255) NOT NULL,
      check_mode TINYINT(1) NOT NULL DEFAULT 0,
      status VARCHAR(16) NOT NULL,
      reason TEXT NULL,
      summary JSON NULL,
      attempts INT NOT NULL DEFAULT 1,
      started_at DATETIME(3) NOT NULL,
      finished_at DATETIME(3) NULL,
      KEY ix_configuration_runs_resource (stack_id, logical_id, started_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE configuration_task_results (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      operation_id CHAR(36) NOT NULL,
      seq INT NOT NULL,
      stack_id CHAR(36) NOT NULL,
      logical_id VARCHAR(255) NOT NULL,
      host VARCHAR(255) NOT NULL,
      task_name VARCHAR(512) NOT NULL,
      module VARCHAR(64) NOT NULL,
      result VARCHAR(16) NOT NULL,
      message TEXT NULL,
      output MEDIUMTEXT NOT NULL,
      started_at DATETIME(3) NOT NULL,
      finished_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_configuration_task_results_seq (operation_id, seq),
      KEY ix_configuration_task_results_resource (stack_id, logical_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE configuration_host_keys (
      stack_id CHAR(36) NOT NULL,
      host_id VARCHAR(255) NOT NULL,
      address VARCHAR(255) NOT NULL,
      port INT NOT NULL,
      key_type VARCHAR(64) NOT NULL,
      fingerprint VARCHAR(128) NOT NULL,
      public_key TEXT NOT NULL,
      recorded_at DATETIME(3) NOT NULL,
      PRIMARY KEY (stack_id, host_id, address, port)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE configuration_stack_hosts (
      stack_id CHAR(36) NOT NULL,
      logical_id VARCHAR(255) NOT NULL,
      stack_name VARCHAR(128) NOT NULL,
      group_name VARCHAR(255) NULL,
      group_index INT NOT NULL DEFAULT 0,
      address VARCHAR(255) NOT NULL,
      port INT NULL,
      login_user VARCHAR(64) NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (stack_id, logical_id),
      KEY ix_configuration_stack_hosts_name (stack_name)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'configuration_stack_hosts',
      'configuration_host_keys',
      'configuration_task_results',
      'configuration_runs',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
