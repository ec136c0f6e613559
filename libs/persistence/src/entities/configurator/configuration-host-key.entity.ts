import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A VM's SSH host key as first seen; later connections must present the same key. */
@Entity({ name: 'configuration_host_keys' })
export class ConfigurationHostKey {
  @PrimaryColumn({ name: 'stack_id', type: 'char', length: 36 })
  stackId: string;

  /** The VM's physical id when known, else its logical id. */
  @PrimaryColumn({ name: 'host_id', type: 'varchar', length: 255 })
  hostId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  address: string;

  @PrimaryColumn({ type: 'int' })
  port: number;

  @Column({ name: 'key_type', type: 'varchar', length: 64 })
  keyType: string;

  @Column({ type: 'varchar', length: 128 })
  fingerprint: string;

  /** The key blob, base64, as in known_hosts. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey: string;

  @Column({ name: 'recorded_at', type: 'datetime', precision: 3 })
  recordedAt: Date;
}
