import { HostKeyStore } from './host-key';
import { SshConnection } from './ssh-connection';
import { SshTarget } from './ssh-target';
import { waitForSsh } from './wait-for-ssh';

interface PoolEntry {
  connection: Promise<SshConnection>;
  leases: number;
  idleTimer: NodeJS.Timeout | null;
}

export interface SshConnectionPoolOptions {
  hostKeys: HostKeyStore;
  /** A connection nobody leases is closed after this long. */
  idleMs?: number;
}

/**
 * One SSH connection per host and login, shared by everything that runs on that host and kept open for a while
 * after use, so a run of many tasks (or the next run) pays for the handshake once.
 */
export class SshConnectionPool {
  private readonly entries = new Map<string, PoolEntry>();

  constructor(private readonly options: SshConnectionPoolOptions) {}

  /** Runs `work` with a connection to the target, connecting (and waiting for SSH until `deadline`) if needed. */
  async withConnection<T>(
    target: SshTarget,
    deadline: number,
    work: (connection: SshConnection) => Promise<T>,
  ): Promise<T> {
    const key = poolKey(target);
    const entry = this.lease(key, target, deadline);
    try {
      const connection = await entry.connection;
      return await work(connection);
    } finally {
      this.release(key, entry);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      await entry.connection.then(
        (connection) => connection.close(),
        () => undefined,
      );
    }
  }

  private lease(key: string, target: SshTarget, deadline: number): PoolEntry {
    let entry = this.entries.get(key);
    if (!entry) {
      const connection = waitForSsh(target, { hostKeys: this.options.hostKeys, deadline });
      const created: PoolEntry = { connection, leases: 0, idleTimer: null };
      entry = created;
      this.entries.set(key, created);
      connection.then(
        (open) => open.onClose(() => this.forget(key, created)),
        () => this.forget(key, created),
      );
    }
    if (entry.idleTimer) {
      clearTimeout(entry.idleTimer);
      entry.idleTimer = null;
    }
    entry.leases++;
    return entry;
  }

  private release(key: string, entry: PoolEntry): void {
    entry.leases--;
    if (entry.leases > 0 || this.entries.get(key) !== entry) return;
    entry.idleTimer = setTimeout(() => {
      this.forget(key, entry);
      void entry.connection.then(
        (connection) => connection.close(),
        () => undefined,
      );
    }, this.options.idleMs ?? 60_000);
    entry.idleTimer.unref();
  }

  private forget(key: string, entry: PoolEntry): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }
}

function poolKey(target: SshTarget): string {
  return `${target.user}@${target.address}:${target.port}#${target.hostKeyRef.stackId}/${target.hostKeyRef.hostId}`;
}
