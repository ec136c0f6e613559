import { Column, Entity, PrimaryColumn } from 'typeorm';

import { sealedText } from '../../secrets/sealed-columns';

/** One version of an SSM parameter of one account (the api's Parameter Store); `latest` marks the current one. */
@Entity({ name: 'ssm_parameters' })
export class SsmParameter {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 12 })
  accountId: string;

  @PrimaryColumn({ name: 'name', type: 'varchar', length: 2048 })
  name: string;

  @PrimaryColumn({ name: 'version', type: 'int' })
  version: number;

  @Column({ name: 'latest', type: 'boolean' })
  latest: boolean;

  /** String, StringList or SecureString. */
  @Column({ name: 'type', type: 'varchar', length: 16 })
  type: string;

  /** Stored sealed (docs/secrets-at-rest.md) for every type; reads give the value itself. */
  @Column({ name: 'value', type: 'longtext', transformer: sealedText('ssm_parameters.value') })
  value: string;

  @Column({ name: 'description', type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Column({ name: 'allowed_pattern', type: 'varchar', length: 1024, nullable: true })
  allowedPattern: string | null;

  @Column({ name: 'data_type', type: 'varchar', length: 32 })
  dataType: string;

  /** The KMS key id a SecureString names (kept and shown; the data key is what actually seals it). */
  @Column({ name: 'key_id', type: 'varchar', length: 256, nullable: true })
  keyId: string | null;

  @Column({ name: 'last_modified_user', type: 'varchar', length: 512 })
  lastModifiedUser: string;

  @Column({ name: 'last_modified_date', type: 'datetime', precision: 3 })
  lastModifiedDate: Date;
}
