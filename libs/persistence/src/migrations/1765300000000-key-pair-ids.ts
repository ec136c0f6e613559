import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each stored private key gets its key pair's KeyPairId (`key-` + 17 hex digits of SHA-256 of
 * `<stack id>/<logical id>`, as keyPairIdFor computes it), the name the api serves it under as SSM parameter
 * /ec2/keypair/<KeyPairId>. Rows stored before are filled in the same way.
 */
export class KeyPairIds1765300000000 implements MigrationInterface {
  name = 'KeyPairIds1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE key_pair_private_keys ADD COLUMN key_pair_id VARCHAR(32) NULL AFTER logical_id');
    await db.query(
      "UPDATE key_pair_private_keys SET key_pair_id = CONCAT('key-', LEFT(SHA2(CONCAT(stack_id, '/', logical_id), 256), 17))",
    );
    await db.query('ALTER TABLE key_pair_private_keys MODIFY key_pair_id VARCHAR(32) NOT NULL');
    await db.query('CREATE UNIQUE INDEX uq_key_pair_private_keys_key_pair_id ON key_pair_private_keys (key_pair_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX uq_key_pair_private_keys_key_pair_id ON key_pair_private_keys');
    await db.query('ALTER TABLE key_pair_private_keys DROP COLUMN key_pair_id');
  }
}
