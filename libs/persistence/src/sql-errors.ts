/** True for MySQL/MariaDB's duplicate-key error (ER_DUP_ENTRY), however TypeORM wrapped it. */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string } } | undefined;
  return e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062 || e?.driverError?.code === 'ER_DUP_ENTRY';
}
