/** One version of an account's parameter as the store keeps it. */
export interface StoredParameter {
  accountId: string;
  name: string;
  version: number;
  type: ParameterType;
  value: string;
  description: string | null;
  allowedPattern: string | null;
  dataType: string;
  keyId: string | null;
  lastModifiedUser: string;
  lastModifiedDate: Date;
}

export type ParameterType = 'String' | 'StringList' | 'SecureString';

/** What PutParameter writes: a new version (the first, or one more when overwriting). */
export type ParameterWrite = Omit<StoredParameter, 'version'>;

/** AWS keeps 100 versions of a parameter; writing the 101st drops the oldest. */
export const VERSIONS_KEPT = 100;

/** The Nest token the store's records are provided under. */
export const PARAMETER_RECORDS = Symbol('PARAMETER_RECORDS');

/** The api's parameters, per account (the TypeORM table, or an in-memory one in specs). */
export interface ParameterRecords {
  latest(accountId: string, name: string): Promise<StoredParameter | undefined>;
  version(accountId: string, name: string, version: number): Promise<StoredParameter | undefined>;
  /** Writes a new version and returns it; `overwrite` false and a parameter of that name: ParameterAlreadyExists. */
  put(write: ParameterWrite, overwrite: boolean): Promise<StoredParameter>;
  /** Removes every version; false when there was none. */
  delete(accountId: string, name: string): Promise<boolean>;
  /** The latest versions whose names start with `prefix` and sort after `after`, in name order, at most `limit`. */
  list(accountId: string, options: { prefix?: string; after?: string; limit: number }): Promise<StoredParameter[]>;
}

/**
 * Fills a page of `limit` parameters that pass `keep`, reading the store batch by batch in name order; returns the
 * page and whether more may follow (the name to continue after).
 */
export async function collectPage(
  records: ParameterRecords,
  accountId: string,
  options: { prefix?: string; after?: string; limit: number },
  keep: (parameter: StoredParameter) => boolean,
): Promise<{ page: StoredParameter[]; continueAfter?: string }> {
  const page: StoredParameter[] = [];
  let after = options.after;
  const batch = Math.max(options.limit, 50);
  for (;;) {
    const rows = await records.list(accountId, { prefix: options.prefix, after, limit: batch });
    for (const row of rows) {
      if (!keep(row)) continue;
      page.push(row);
      if (page.length === options.limit) return { page, continueAfter: row.name };
    }
    if (rows.length < batch) return { page };
    after = rows[rows.length - 1].name;
  }
}
