import { PrivateKeyCipher } from '@cfn/persistence';
import { keyPairIdFor, PrivateKeyStore } from '@cfn/resources';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The provisioner's table of private keys of key pairs stacks create, encrypted (key_pair_private_keys). The api
 * hands a key to the stack's owner (SSM GetParameter, ADR 31); nothing here puts it in attributes, events or logs.
 */
@Injectable()
export class PrivateKeyVault {
  private readonly cipher: PrivateKeyCipher | null;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    const secret = process.env.CFN_KEY_ENCRYPTION_SECRET;
    this.cipher = secret ? new PrivateKeyCipher(secret) : null;
  }

  /** The store for one resource; undefined without CFN_KEY_ENCRYPTION_SECRET. */
  forResource(stackId: string, logicalId: string): PrivateKeyStore | undefined {
    const cipher = this.cipher;
    if (!cipher) return undefined;
    const context = `${stackId}/${logicalId}`;
    return {
      store: async (keyName, privateKey) => {
        await this.dataSource.query(
          `INSERT INTO key_pair_private_keys (stack_id, logical_id, key_pair_id, key_name, encrypted_private_key, created_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON DUPLICATE KEY UPDATE key_name = VALUES(key_name), encrypted_private_key = VALUES(encrypted_private_key)`,
          [
            stackId,
            logicalId,
            keyPairIdFor(stackId, logicalId),
            keyName,
            cipher.encrypt(privateKey, context),
            new Date(),
          ],
        );
      },
      has: async () => {
        const rows = await this.dataSource.query(
          'SELECT 1 FROM key_pair_private_keys WHERE stack_id = ? AND logical_id = ?',
          [stackId, logicalId],
        );
        return (rows as unknown[]).length > 0;
      },
      remove: async () => {
        await this.dataSource.query('DELETE FROM key_pair_private_keys WHERE stack_id = ? AND logical_id = ?', [
          stackId,
          logicalId,
        ]);
      },
    };
  }
}
