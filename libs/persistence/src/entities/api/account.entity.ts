import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A tenant of the service. Its id is a 12-digit AWS-style account number used in stack ARNs; for a CloudStack
 * account it is derived from the account's uuid (see accountNumberFor in apps/api).
 */
@Entity({ name: 'accounts' })
export class Account {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  id: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  /** The CloudStack account this number stands for (null for the service's own default account). */
  @Column({ name: 'cloudstack_account_id', type: 'varchar', length: 64, nullable: true, unique: true })
  cloudStackAccountId: string | null;

  @Column({ name: 'cloudstack_domain_id', type: 'varchar', length: 64, nullable: true })
  cloudStackDomainId: string | null;

  /** The CloudStack domain's path, e.g. ROOT/engineering. */
  @Column({ name: 'domain_path', type: 'varchar', length: 512, nullable: true })
  domainPath: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
