import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Private keys of the key pairs stacks create (AWS::EC2::KeyPair, CloudStack::SSHKeyPair): CloudStack hands the key
 * out once, so the provisioner keeps it, AES-256-GCM encrypted, for a later API to give to the stack's owner.
 */
export class KeyPairPrivateKeys1764590400000 implements MigrationInterface {
  name = 'KeyPairPrivateKeys1764590400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE key_pair_private_keys (
      stack_id VARCHAR(64) NOT NULL,
      logical_id VARCHAR(255) NOT NULL,
      key_name VARCHAR(255) NOT NULL,
      encrypted_private_key TEXT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (stack_id, logical_id)
    )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE key_pair_private_keys');
  }
}
