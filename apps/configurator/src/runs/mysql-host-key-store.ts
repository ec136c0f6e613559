import { ConfigurationHostKey } from '@cfn/persistence';
import { HostKeyRef, HostKeyStore, RecordedHostKey } from '@cfn/ssh';
import { DataSource } from 'typeorm';

/** Host keys in `configuration_host_keys`: the first key recorded for a host wins, whichever replica saw it. */
export class MysqlHostKeyStore implements HostKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  async find(ref: HostKeyRef): Promise<RecordedHostKey | null> {
    const row = await this.dataSource.getRepository(ConfigurationHostKey).findOneBy(ref);
    return row ? { keyType: row.keyType, fingerprint: row.fingerprint, publicKey: row.publicKey } : null;
  }

  async recordIfAbsent(ref: HostKeyRef, key: RecordedHostKey): Promise<RecordedHostKey> {
    await this.dataSource
      .getRepository(ConfigurationHostKey)
      .createQueryBuilder()
      .insert()
      .values({ ...ref, ...key, recordedAt: new Date() })
      .orIgnore()
      .execute();
    return (await this.find(ref))!;
  }

  /** Every key recorded for a stack (for a known_hosts file next to the inventory). */
  forStack(stackId: string): Promise<ConfigurationHostKey[]> {
    return this.dataSource.getRepository(ConfigurationHostKey).findBy({ stackId });
  }
}
