import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { DataSource, EntityManager } from 'typeorm';

/** The table whose rows are leased: its key column and the SQL condition of a row whose work is not finished. */
export interface LeasedTable {
  table: string;
  keyColumn: string;
  unfinished: string;
  /** A column set when the row was written; a row never leased is left alone for one ttl after it. */
  writtenColumn: string;
}

export interface LeaseSettings {
  /** How long a lease lasts after its last heartbeat. */
  ttlMs: number;
  /** How often this process renews the leases it holds (default a third of the ttl). */
  heartbeatMs?: number;
  /** How often a process waiting for another's lease looks again (default 1 s). */
  pollMs?: number;
  logger?: { warn(message: string): void };
}

/** The lease of a piece of work was taken over by another process (ours stopped heartbeating in time). */
export class LeaseLostError extends Error {
  constructor(readonly key: string) {
    super(`lease on ${key} was taken over by another process`);
  }
}

/** What `acquireOrWait` found: the work is ours now (with a signal that fires if we lose it), or finished by another. */
export type LeaseOutcome = { kind: 'acquired'; signal: AbortSignal } | { kind: 'finished' };

/**
 * Leases with heartbeats on rows of one table (`lease_owner`, `lease_expires_at`). A process takes the lease on
 * a piece of work before it acts and renews every lease it holds with one UPDATE per heartbeat. Another process
 * (a redelivered message, a recovery sweep) takes the work over only when the lease has run out, that is when the
 * holder died or lost the database for longer than the ttl; the former holder notices at its next heartbeat (its
 * signal aborts) and its writes, made conditional on still holding the lease, are refused.
 *
 * Expiry is judged by the database's clock (UTC_TIMESTAMP), so processes on different hosts need not agree.
 */
export class WorkLeases {
  /** This process: host, pid and a random part, so a restarted process never passes for its predecessor. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly held = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly leased: LeasedTable,
    private readonly settings: LeaseSettings,
  ) {}

  get ttlMs(): number {
    return this.settings.ttlMs;
  }

  /** Starts renewing held leases; call once the process is up. */
  start(): void {
    if (this.timer) return;
    const every = this.settings.heartbeatMs ?? Math.max(250, Math.floor(this.settings.ttlMs / 3));
    this.timer = setInterval(() => {
      if (!this.beating) this.beating = this.heartbeat().finally(() => (this.beating = null));
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
  }

  /** Keys of the work this process holds. */
  heldKeys(): string[] {
    return [...this.held.keys()];
  }

  /**
   * Takes the lease of an unfinished row if nobody holds it or its holder's lease ran out; null when another
   * process (or another handler of this one) holds it, or the work is finished.
   */
  async tryAcquire(key: string): Promise<AbortSignal | null> {
    if (this.held.has(key)) return null;
    const { table, keyColumn, unfinished } = this.leased;
    const result = await this.dataSource.query(
      `UPDATE ${table} SET lease_owner = ?, lease_expires_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND
       WHERE ${keyColumn} = ? AND ${unfinished} AND (lease_owner IS NULL OR lease_expires_at < UTC_TIMESTAMP(3))`,
      [this.owner, this.settings.ttlMs * 1000, key],
    );
    if (affectedRows(result) !== 1 || this.held.has(key)) return null;
    const controller = new AbortController();
    this.held.set(key, controller);
    return controller.signal;
  }

  /** SQL for a lease's expiry one ttl from now (database clock), for rows written already leased. */
  expirySql(): string {
    return `UTC_TIMESTAMP(3) + INTERVAL ${Math.round(this.settings.ttlMs * 1000)} MICROSECOND`;
  }

  /** Books a lease this process took by writing the row with its owner already set (see expirySql). */
  adopt(key: string): AbortSignal {
    const controller = new AbortController();
    this.held.set(key, controller);
    return controller.signal;
  }

  /**
   * Takes the lease, waiting while a live process holds it: resolves when the lease is ours or when `finished`
   * says the holder completed the work. This is how a redelivered message yields to the worker still on it.
   */
  async acquireOrWait(key: string, finished: () => Promise<boolean>, signal?: AbortSignal): Promise<LeaseOutcome> {
    for (;;) {
      if (await finished()) return { kind: 'finished' };
      const lease = await this.tryAcquire(key);
      if (lease) return { kind: 'acquired', signal: lease };
      if (signal?.aborted) throw signal.reason;
      await new Promise((resolve) => setTimeout(resolve, this.settings.pollMs ?? 1_000));
    }
  }

  /** Throws LeaseLostError unless this process still holds the lease (checked in the caller's transaction). */
  async assertHeld(manager: EntityManager, key: string): Promise<void> {
    const { table, keyColumn } = this.leased;
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM ${table} WHERE ${keyColumn} = ? AND lease_owner = ? FOR UPDATE`,
      [key, this.owner],
    );
    if (rows.length === 0) {
      this.forget(key, new LeaseLostError(key));
      throw new LeaseLostError(key);
    }
  }

  /** Gives the lease up (the work is finished, or handed back); inside the caller's transaction when given. */
  async release(key: string, manager?: EntityManager): Promise<void> {
    const { table, keyColumn } = this.leased;
    await (manager ?? this.dataSource).query(
      `UPDATE ${table} SET lease_owner = NULL, lease_expires_at = NULL WHERE ${keyColumn} = ? AND lease_owner = ?`,
      [key, this.owner],
    );
    this.held.delete(key);
  }

  /** Drops a lease from this process's books without touching the row (after a failed write, or when lost). */
  forget(key: string, reason?: Error): void {
    const controller = this.held.get(key);
    this.held.delete(key);
    if (reason) controller?.abort(reason);
  }

  /**
   * Unfinished rows nobody holds a live lease on: work a dead process left behind (its lease ran out), or rows
   * nobody leased for a whole ttl after they were written (the writer died at once).
   */
  async abandoned(limit = 50, where = '1 = 1'): Promise<string[]> {
    const { table, keyColumn, unfinished } = this.leased;
    const rows: Array<Record<string, string>> = await this.dataSource.query(
      `SELECT ${keyColumn} AS lease_key FROM ${table}
       WHERE ${unfinished} AND ${where} AND (lease_expires_at < UTC_TIMESTAMP(3)
         OR (lease_owner IS NULL AND ${this.leased.writtenColumn} < UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND)) LIMIT ?`,
      [this.settings.ttlMs * 1000, limit],
    );
    return rows.map((row) => row.lease_key).filter((key) => !this.held.has(key));
  }

  /** Renews every lease this process holds; leases found in another's hands are aborted. */
  async heartbeat(): Promise<void> {
    const keys = this.heldKeys();
    if (keys.length === 0) return;
    const { table, keyColumn } = this.leased;
    try {
      await this.dataSource.query(
        `UPDATE ${table} SET lease_expires_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND
         WHERE lease_owner = ? AND ${keyColumn} IN (?)`,
        [this.settings.ttlMs * 1000, this.owner, keys],
      );
      const mine: Array<Record<string, string>> = await this.dataSource.query(
        `SELECT ${keyColumn} AS lease_key FROM ${table} WHERE lease_owner = ? AND ${keyColumn} IN (?)`,
        [this.owner, keys],
      );
      const still = new Set(mine.map((row) => row.lease_key));
      for (const key of keys) {
        if (!still.has(key) && this.held.has(key)) {
          this.settings.logger?.warn(`lease on ${key} lost to another process; stopping that work`);
          this.forget(key, new LeaseLostError(key));
        }
      }
    } catch (error) {
      // The database is unreachable: keep working; if this lasts beyond the ttl another process takes over and
      // the next heartbeat that gets through aborts our copy.
      this.settings.logger?.warn(`lease heartbeat failed, will retry: ${(error as Error).message}`);
    }
  }
}

function affectedRows(result: unknown): number {
  const raw = result as { affectedRows?: number; raw?: { affectedRows?: number } } | undefined;
  return raw?.affectedRows ?? raw?.raw?.affectedRows ?? 0;
}

/** `CFN_LEASE_SECONDS` (default 30): how long a worker's lease outlives its last heartbeat. */
export function leaseSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<LeaseSettings, 'ttlMs'> {
  const seconds = Number(env.CFN_LEASE_SECONDS || 30);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`CFN_LEASE_SECONDS must be a positive number, got "${env.CFN_LEASE_SECONDS}"`);
  return { ttlMs: Math.round(seconds * 1000) };
}

/** Resolves or rejects with `work`, unless `signal` aborts first (then rejects with its reason; `work` runs on unheard). */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
