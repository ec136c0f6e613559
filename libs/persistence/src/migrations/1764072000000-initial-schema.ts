import { MigrationInterface, QueryRunner } from 'typeorm';

import { MESSAGING_APPS } from '../messaging-tables';

/** The first schema: accounts and stack requests (api), stacks (planner), cloud operations (provisioner), audit log. */
export class InitialSchema1764072000000 implements MigrationInterface {
  name = 'InitialSchema1764072000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE accounts (
      id VARCHAR(12) NOT NULL PRIMARY KEY,
      name VARCHAR(128) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE credentials (
      access_key_id VARCHAR(128) NOT NULL PRIMARY KEY,
      secret_access_key VARCHAR(256) NOT NULL,
      account_id VARCHAR(12) NOT NULL,
      is_admin TINYINT(1) NOT NULL DEFAULT 0,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      CONSTRAINT fk_credentials_account FOREIGN KEY (account_id) REFERENCES accounts(id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE stack_requests (
      stack_id CHAR(36) NOT NULL PRIMARY KEY,
      stack_arn VARCHAR(512) NOT NULL,
      stack_name VARCHAR(128) NOT NULL,
      name_lock VARCHAR(128) NULL,
      account_id VARCHAR(12) NOT NULL,
      region VARCHAR(64) NOT NULL,
      template_body MEDIUMTEXT NOT NULL,
      parameters JSON NOT NULL,
      tags JSON NOT NULL,
      capabilities JSON NOT NULL,
      disable_rollback TINYINT(1) NOT NULL DEFAULT 0,
      client_request_token VARCHAR(128) NULL,
      created_at DATETIME(3) NOT NULL,
      delete_requested_at DATETIME(3) NULL,
      UNIQUE KEY uq_stack_requests_live_name (account_id, name_lock),
      UNIQUE KEY uq_stack_requests_token (account_id, client_request_token),
      KEY ix_stack_requests_name (stack_name)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE stacks (
      id CHAR(36) NOT NULL PRIMARY KEY,
      arn VARCHAR(512) NOT NULL,
      name VARCHAR(128) NOT NULL,
      account_id VARCHAR(12) NOT NULL,
      region VARCHAR(64) NOT NULL,
      status VARCHAR(64) NOT NULL,
      status_reason TEXT NULL,
      template JSON NOT NULL,
      parameters JSON NOT NULL,
      no_echo_parameters JSON NOT NULL,
      tags JSON NOT NULL,
      outputs JSON NULL,
      disable_rollback TINYINT(1) NOT NULL DEFAULT 0,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      deleted_at DATETIME(3) NULL,
      version INT NOT NULL,
      KEY ix_stacks_name (name)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE stack_resources (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      stack_id CHAR(36) NOT NULL,
      logical_id VARCHAR(255) NOT NULL,
      resource_type VARCHAR(255) NOT NULL,
      status VARCHAR(64) NULL,
      status_reason TEXT NULL,
      physical_id VARCHAR(255) NULL,
      properties JSON NULL,
      attributes JSON NULL,
      operation_id CHAR(36) NULL,
      updated_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_stack_resources_logical (stack_id, logical_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE stack_events (
      seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      event_id CHAR(36) NOT NULL,
      stack_id CHAR(36) NOT NULL,
      stack_name VARCHAR(128) NOT NULL,
      logical_id VARCHAR(255) NOT NULL,
      physical_id VARCHAR(512) NULL,
      resource_type VARCHAR(255) NOT NULL,
      status VARCHAR(64) NOT NULL,
      status_reason TEXT NULL,
      resource_properties MEDIUMTEXT NULL,
      timestamp DATETIME(3) NOT NULL,
      UNIQUE KEY uq_stack_events_event_id (event_id),
      KEY ix_stack_events_stack (stack_id, seq)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE cloud_operations (
      operation_id CHAR(36) NOT NULL PRIMARY KEY,
      stack_id CHAR(36) NOT NULL,
      logical_id VARCHAR(255) NOT NULL,
      resource_type VARCHAR(255) NOT NULL,
      action VARCHAR(16) NOT NULL,
      status VARCHAR(16) NOT NULL,
      job_id VARCHAR(64) NULL,
      physical_id VARCHAR(255) NULL,
      attributes JSON NULL,
      error TEXT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      KEY ix_cloud_operations_resource (stack_id, logical_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await db.query(`CREATE TABLE audit_log (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      message_id CHAR(36) NOT NULL,
      routing_key VARCHAR(255) NOT NULL,
      correlation_id VARCHAR(64) NULL,
      causation_id VARCHAR(64) NULL,
      producer VARCHAR(64) NULL,
      payload JSON NOT NULL,
      received_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_audit_log_message (message_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    for (const app of MESSAGING_APPS) {
      await db.query(`CREATE TABLE ${app}_outbox (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        message_id CHAR(36) NOT NULL,
        routing_key VARCHAR(255) NOT NULL,
        correlation_id VARCHAR(64) NULL,
        causation_id VARCHAR(64) NULL,
        payload MEDIUMTEXT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        UNIQUE KEY uq_${app}_outbox_message (message_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
      await db.query(`CREATE TABLE ${app}_inbox (
        message_id CHAR(36) NOT NULL PRIMARY KEY,
        routing_key VARCHAR(255) NOT NULL,
        handled_at DATETIME(3) NOT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const app of [...MESSAGING_APPS].reverse()) {
      await db.query(`DROP TABLE ${app}_inbox`);
      await db.query(`DROP TABLE ${app}_outbox`);
    }
    for (const table of [
      'audit_log',
      'cloud_operations',
      'stack_events',
      'stack_resources',
      'stacks',
      'stack_requests',
      'credentials',
      'accounts',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
