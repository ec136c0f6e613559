import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The last known address of a stack's VM, from configure requests: the source of the Ansible inventory. */
@Entity({ name: 'configuration_stack_hosts' })
@Index('ix_configuration_stack_hosts_name', ['stackName'])
export class ConfigurationStackHost {
  @PrimaryColumn({ name: 'stack_id', type: 'char', length: 36 })
  stackId: string;

  @PrimaryColumn({ name: 'logical_id', type: 'varchar', length: 255 })
  logicalId: string;

  @Column({ name: 'stack_name', type: 'varchar', length: 128 })
  stackName: string;

  @Column({ name: 'group_name', type: 'varchar', length: 255, nullable: true })
  groupName: string | null;

  @Column({ name: 'group_index', type: 'int' })
  groupIndex: number;

  @Column({ type: 'varchar', length: 255 })
  address: string;

  /** null until the host itself was configured (only its address is known from its group). */
  @Column({ type: 'int', nullable: true })
  port: number | null;

  @Column({ name: 'login_user', type: 'varchar', length: 64, nullable: true })
  loginUser: string | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
