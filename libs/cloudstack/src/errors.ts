/** CloudStack's ApiErrorCode values (the HTTP status of an error answer is the same number). */
export const CloudStackErrorCode = {
  UNAUTHORIZED: 401,
  METHOD_NOT_ALLOWED: 405,
  API_LIMIT_EXCEED: 429,
  MALFORMED_PARAMETER_ERROR: 430,
  PARAM_ERROR: 431,
  UNSUPPORTED_ACTION_ERROR: 432,
  INTERNAL_ERROR: 530,
  ACCOUNT_ERROR: 531,
  ACCOUNT_RESOURCE_LIMIT_ERROR: 532,
  INSUFFICIENT_CAPACITY_ERROR: 533,
  RESOURCE_UNAVAILABLE_ERROR: 534,
  RESOURCE_ALLOCATION_ERROR: 535,
  RESOURCE_IN_USE_ERROR: 536,
  NETWORK_RULE_CONFLICT_ERROR: 537,
} as const;

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

/** Connection failures that happen before a request leaves the client, so CloudStack cannot have acted on it. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** No usable HTTP answer: connection refused or reset, DNS failure, or the per-call timeout. */
export class CloudStackTransportError extends Error {
  override readonly name = 'CloudStackTransportError';
  /** True when the request never reached the server (connection refused, no such host). */
  readonly notSent: boolean;

  constructor(
    readonly command: string,
    readonly timedOut: boolean,
    cause: unknown,
  ) {
    super(`${command}: ${timedOut ? 'request timed out' : `request failed: ${describeCause(cause)}`}`, { cause });
    this.notSent = !timedOut && NOT_SENT_CODES.has(causeCode(cause) ?? '');
  }
}

function causeCode(cause: unknown): string | undefined {
  const nested = (cause as { cause?: { code?: string } })?.cause;
  return nested?.code ?? (cause as { code?: string })?.code;
}

/** undici reports "fetch failed" and keeps the reason (ECONNREFUSED ...) in `cause`. */
function describeCause(cause: unknown): string {
  const nested = (cause as { cause?: Error })?.cause;
  const message = (cause as Error)?.message ?? String(cause);
  return nested?.message ? `${message} (${nested.message})` : message;
}

const RETRYABLE_API_CODES = new Set<number>([CloudStackErrorCode.API_LIMIT_EXCEED, CloudStackErrorCode.INTERNAL_ERROR]);
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

/**
 * Whether CloudStack certainly did not act on the call, so even a create may be sent again: throttled calls are
 * refused before the command runs, and a refused connection carried nothing.
 */
export function wasNotExecuted(err: unknown): boolean {
  if (err instanceof CloudStackTransportError) return err.notSent;
  return err instanceof CloudStackApiError && err.errorcode === CloudStackErrorCode.API_LIMIT_EXCEED;
}

/** The wait CloudStack asks for in a 429 ("... please retry after 250 ms."), if any. */
export function retryAfterMs(err: unknown): number | undefined {
  if (!(err instanceof CloudStackApiError) || err.errorcode !== CloudStackErrorCode.API_LIMIT_EXCEED) return undefined;
  const match = /retry after (\d+) ?ms/i.exec(err.errortext);
  return match ? Number(match[1]) : undefined;
}
