import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One domain event as it crossed the broker. Append-only; the message id keeps a redelivery from being stored twice. */
@Entity({ name: 'audit_log' })
export class AuditRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'message_id', type: 'char', length: 36, unique: true })
  messageId: string;

  @Column({ name: 'routing_key', type: 'varchar', length: 255 })
  routingKey: string;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64, nullable: true })
  correlationId: string | null;

  @Column({ name: 'causation_id', type: 'varchar', length: 64, nullable: true })
  causationId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  producer: string | null;

  @Column({ type: 'json' })
  payload: unknown;

  /** Who asked for the change a request message carries: `user@account` (with the domain path when there is one). */
  @Column({ name: 'requested_by', type: 'varchar', length: 512, nullable: true })
  requestedBy: string | null;

  @Column({ name: 'received_at', type: 'datetime', precision: 3 })
  receivedAt: Date;
}
