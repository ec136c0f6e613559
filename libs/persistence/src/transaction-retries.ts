import { backoffDelay, sleep } from '@cfn/runtime';

import { isTransientDatabaseError } from './sql-errors';

export interface TransactionRetryOptions {
  /** Runs in all, the first included (default 6). */
  attempts?: number;
  /** Other failures that also mean "rolled back whole, run it again". */
  alsoRetry?: (error: unknown) => boolean;
  /** Back-off between runs (full jitter, doubling from the first): defaults 100 ms and 2 s. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Runs a transaction again from the start when it failed because of its connection (killed, lost) or a deadlock:
 * the database rolled it back whole, so running it again is safe. Other failures, and the last one, are the caller's.
 */
export async function withTransactionRetries<T>(
  transaction: () => Promise<T>,
  options: TransactionRetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 6;
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      const retryable = isTransientDatabaseError(error) || options.alsoRetry?.(error) === true;
      if (attempt >= attempts || !retryable) throw error;
      await sleep(backoffDelay(attempt, options.firstDelayMs ?? 100, options.maxDelayMs ?? 2_000));
    }
  }
}
