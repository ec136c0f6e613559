/** An error answer of the CloudStack API (or an HTTP failure in front of it). */
export class CloudStackApiError extends Error {
  override readonly name = 'CloudStackApiError';

  constructor(
    readonly command: string,
    /** CloudStack's errorcode (401, 431, 530, ...) or, for non-CloudStack answers, the HTTP status. */
    readonly errorcode: number,
    readonly errortext: string,
    readonly cserrorcode?: number,
    readonly httpStatus?: number,
  ) {
    super(`${command} failed with ${errorcode}${cserrorcode ? `/${cserrorcode}` : ''}: ${errortext}`);
  }
}

/** An asynchronous job that CloudStack reports as failed (jobstatus 2). */
export class CloudStackAsyncJobError extends Error {
  override readonly name = 'CloudStackAsyncJobError';

  constructor(
    readonly jobid: string,
    readonly errorcode: number,
    readonly errortext: string,
    readonly command?: string,
  ) {
    super(`job ${jobid}${command ? ` (${command})` : ''} failed with ${errorcode}: ${errortext}`);
  }
}

/** The job was still pending when the client stopped waiting; it may yet finish on CloudStack. */
export class CloudStackJobTimeoutError extends Error {
  override readonly name = 'CloudStackJobTimeoutError';

  constructor(
    readonly jobid: string,
    readonly timeoutMs: number,
  ) {
    super(`job ${jobid} still pending after ${timeoutMs} ms`);
  }
}

/** No usable HTTP answer: connection refused or reset, DNS failure, or the per-call timeout. */
export class CloudStackTransportError extends Error {
  override readonly name = 'CloudStackTransportError';

  constructor(
    readonly command: string,
    readonly timedOut: boolean,
    cause: unknown,
  ) {
    super(`${command}: ${timedOut ? 'request timed out' : `request failed: ${(cause as Error)?.message ?? cause}`}`, {
      cause,
    });
  }
}

const RETRYABLE_API_CODES = new Set([429, 530]);
const RETRYABLE_HTTP_STATUSES = new Set([500, 502, 503, 504]);

/**
 * Whether repeating the same call may succeed: throttling (429), CloudStack internal errors (530), HTTP 5xx from
 * whatever stands in front of CloudStack, network failures and timeouts. Never parameter (431) or auth (401) errors.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof CloudStackTransportError) return true;
  if (err instanceof CloudStackApiError) {
    return RETRYABLE_API_CODES.has(err.errorcode) || RETRYABLE_HTTP_STATUSES.has(err.errorcode);
  }
  return false;
}
