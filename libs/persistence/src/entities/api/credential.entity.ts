import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An access key pair. SigV4 verification needs the secret itself (the signature is an HMAC keyed by it),
 * so it is stored, as AWS stores it; only the api reads this table.
 */
@Entity({ name: 'credentials' })
export class Credential {
  @PrimaryColumn({ name: 'access_key_id', type: 'varchar', length: 128 })
  accessKeyId: string;

  @Column({ name: 'secret_access_key', type: 'varchar', length: 256 })
  secretAccessKey: string;

  @Column({ name: 'account_id', type: 'varchar', length: 12 })
  accountId: string;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
