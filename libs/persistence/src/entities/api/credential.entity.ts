import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

import { sealedText } from '../../secrets/sealed-columns';

/**
 * An access key pair. SigV4 verification needs the secret itself (the signature is an HMAC keyed by it),
 * so it is stored, as AWS stores it; only the api reads this table.
 */
@Entity({ name: 'credentials' })
export class Credential {
  @PrimaryColumn({ name: 'access_key_id', type: 'varchar', length: 128 })
  accessKeyId: string;

  /** Stored sealed (docs/secrets-at-rest.md); reads give the secret itself. */
  @Column({ name: 'secret_access_key', type: 'text', transformer: sealedText('credentials.secret_access_key') })
  secretAccessKey: string;

  @Column({ name: 'account_id', type: 'varchar', length: 12 })
  accountId: string;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
