import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One line of DescribeStackEvents; append-only. `seq` orders events of the same millisecond. */
@Entity({ name: 'stack_events' })
@Index('ix_stack_events_stack', ['stackId', 'seq'])
export class StackEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column({ name: 'event_id', type: 'char', length: 36, unique: true })
  eventId: string;

  @Column({ name: 'stack_id', type: 'char', length: 36 })
  stackId: string;

  @Column({ name: 'stack_name', type: 'varchar', length: 128 })
  stackName: string;

  @Column({ name: 'logical_id', type: 'varchar', length: 255 })
  logicalId: string;

  @Column({ name: 'physical_id', type: 'varchar', length: 512, nullable: true })
  physicalId: string | null;

  @Column({ name: 'resource_type', type: 'varchar', length: 255 })
  resourceType: string;

  @Column({ type: 'varchar', length: 64 })
  status: string;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'resource_properties', type: 'mediumtext', nullable: true })
  resourceProperties: string | null;

  @Column({ type: 'datetime', precision: 3 })
  timestamp: Date;

  /** The ClientRequestToken of the operation that caused the event (DescribeStackEvents shows it). */
  @Column({ name: 'client_request_token', type: 'varchar', length: 128, nullable: true })
  clientRequestToken: string | null;
}
