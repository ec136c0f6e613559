import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SSM Parameter Store (the api's): every version of every parameter of every account, the latest one flagged.
 * Names are ASCII (SSM allows a-zA-Z0-9_.-/) and case-sensitive, hence ascii_bin; the value is sealed
 * (docs/secrets-at-rest.md), whatever its type.
 */
export class SsmParameters1765500000000 implements MigrationInterface {
  name = 'SsmParameters1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE ssm_parameters (
      account_id VARCHAR(12) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      name VARCHAR(2048) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      version INT NOT NULL,
      latest TINYINT(1) NOT NULL,
      type VARCHAR(16) NOT NULL,
      value LONGTEXT NOT NULL,
      description VARCHAR(1024) NULL,
      allowed_pattern VARCHAR(1024) NULL,
      data_type VARCHAR(32) NOT NULL,
      key_id VARCHAR(256) NULL,
      last_modified_user VARCHAR(512) NOT NULL,
      last_modified_date DATETIME(3) NOT NULL,
      PRIMARY KEY (account_id, name, version),
      KEY ix_ssm_parameters_latest (account_id, latest, name)
    ) ENGINE=InnoDB`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ssm_parameters');
  }
}
