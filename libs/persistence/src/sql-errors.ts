/** True for MySQL/MariaDB's duplicate-key error (ER_DUP_ENTRY), however TypeORM wrapped it. */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string } } | undefined;
  return e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062 || e?.driverError?.code === 'ER_DUP_ENTRY';
}

const TRANSIENT_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_QUERY_INTERRUPTED',
  'ER_CONNECTION_KILLED',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_CLIENT_INTERACTION_TIMEOUT',
]);
const TRANSIENT_ERRNOS = new Set([1040, 1053, 1205, 1213, 1317, 1927, 2006, 2013, 4031]);

/**
 * True when a statement failed because of the connection or a lock conflict rather than what it asked: the
 * connection was killed or lost, the server restarts, a deadlock. Its transaction was rolled back (or never began),
 * so running the whole transaction again is safe.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const e = error as
    { code?: string; errno?: number; message?: string; driverError?: { code?: string; errno?: number } } | undefined;
  if (!e) return false;
  const code = e.driverError?.code ?? e.code;
  const errno = e.driverError?.errno ?? e.errno;
  if ((code && TRANSIENT_CODES.has(code)) || (errno !== undefined && TRANSIENT_ERRNOS.has(errno))) return true;
  return /connection is in closed state|Connection lost|Pool is closed|connection was killed/i.test(e.message ?? '');
}

/**
 * True for a lock conflict: a deadlock (InnoDB rolled the transaction back) or a lock wait that timed out. The
 * other side is usually done at once, so the transaction is worth running again without a long pause.
 */
export function isLockConflictError(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  const errno = e?.driverError?.errno ?? e?.errno;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || errno === 1213 || errno === 1205;
}
