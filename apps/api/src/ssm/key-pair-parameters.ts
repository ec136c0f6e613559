import { PrivateKeyCipher } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** SSM's name for a created key pair's private key, as AWS keeps it: /ec2/keypair/<KeyPairId>. */
export const KEY_PAIR_PARAMETER = /^\/ec2\/keypair\/(key-[0-9a-f]{17})$/;

export interface KeyPairParameter {
  name: string;
  /** The private key, or (without decryption) the stored ciphertext. */
  value: string;
  lastModified: Date;
}

/**
 * Private keys of key pairs stacks made, read from the provisioner's key_pair_private_keys (read-only) and
 * decrypted here for the account that owns the stack (ADR 31). Any other account, or a name that is not a key
 * pair's, finds nothing - SSM does not say whether a parameter exists elsewhere.
 */
@Injectable()
export class KeyPairParameters {
  private readonly cipher: PrivateKeyCipher | null;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    const secret = process.env.CFN_KEY_ENCRYPTION_SECRET;
    this.cipher = secret ? new PrivateKeyCipher(secret) : null;
  }

  get configured(): boolean {
    return this.cipher !== null;
  }

  async find(name: string, accountId: string, withDecryption: boolean): Promise<KeyPairParameter | undefined> {
    const keyPairId = KEY_PAIR_PARAMETER.exec(name)?.[1];
    if (!keyPairId || !this.cipher) return undefined;
    // Two look-ups rather than a join: the tables come from different migrations and may differ in collation.
    const [row] = (await this.dataSource.query(
      'SELECT stack_id, logical_id, encrypted_private_key, created_at FROM key_pair_private_keys WHERE key_pair_id = ?',
      [keyPairId],
    )) as Array<{ stack_id: string; logical_id: string; encrypted_private_key: string; created_at: Date }>;
    if (!row) return undefined;
    const owned = (await this.dataSource.query('SELECT 1 FROM stack_requests WHERE stack_id = ? AND account_id = ?', [
      row.stack_id,
      accountId,
    ])) as unknown[];
    if (owned.length === 0) return undefined;
    const value = withDecryption
      ? this.cipher.decrypt(row.encrypted_private_key, `${row.stack_id}/${row.logical_id}`)
      : row.encrypted_private_key;
    return { name, value, lastModified: new Date(row.created_at) };
  }
}
