/** Exponential back-off with full jitter, capped; used when waiting for brokers, databases and clouds. */
export function backoffDelay(attempt: number, baseMs = 200, capMs = 10_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retries `operation` until it succeeds or `deadlineMs` passes. Services call this at start-up
 * so that they wait for RabbitMQ and MySQL instead of crashing when those are not up yet.
 */
export async function retryUntil<T>(
  what: string,
  operation: () => Promise<T>,
  options: { deadlineMs?: number; onRetry?: (error: unknown, attempt: number) => void } = {},
): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 5 * 60_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (Date.now() >= deadline) {
        throw new Error(`${what}: gave up after ${attempt + 1} attempts: ${(error as Error).message}`);
      }
      options.onRetry?.(error, attempt);
      await sleep(backoffDelay(attempt, 250, 5_000));
    }
  }
}
