import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A tenant of the service. Its id is a 12-digit AWS-style account number used in stack ARNs. */
@Entity({ name: 'accounts' })
export class Account {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  id: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
