import type { CloudStackHttpTransport } from './http-transport';

/** Where the client reports one line per HTTP call; never handed secrets, signatures or parameter values. */
export interface CloudStackClientLogger {
  debug(message: string): void;
  warn(message: string): void;
}

export interface CloudStackClientOptions {
  /** e.g. `http://127.0.0.1:8080/client/api` */
  apiUrl: string;
  apiKey: string;
  secretKey: string;
  /** Adds `signatureVersion=3` and `expires`, so a captured request stops working after a while. */
  signatureVersion3?: boolean;
  /** Lifetime of a version-3 signature (default 300 s). */
  expiresInSeconds?: number;
  /** Per HTTP call (default 30000). */
  timeoutMs?: number;
  /** First interval between queryAsyncJobResult polls (default 500). */
  pollIntervalMs?: number;
  /** Ceiling of the growing poll interval (default 5000). */
  maxPollIntervalMs?: number;
  /**
   * Jobs waited on at once from which one listAsyncJobs call per poll interval answers for all of them instead of a
   * queryAsyncJobResult each (default 4; 0 never lists).
   */
  listJobsFrom?: number;
  /** How far before a job's submission that listing starts, for CloudStack's clock being behind ours (default 5 min). */
  clockSkewMs?: number;
  /** How long waitForJob waits for a job (default 15 min). */
  jobTimeoutMs?: number;
  /** Page size for listAll (default 500, CloudStack's usual default.page.size). */
  pageSize?: number;
  /**
   * Attempts for retryable failures (default 4): any failure of list and query commands, and for other commands
   * only failures where CloudStack certainly did nothing (429, connection refused).
   */
  maxAttempts?: number;
  /** Base of the jittered exponential back-off between attempts (default 250). */
  retryBaseDelayMs?: number;
  /** Ceiling of one back-off wait (default 10000). */
  maxRetryDelayMs?: number;
  /**
   * Requests per second this process sends to the endpoint with these keys (a token bucket shared by every client
   * with the same apiUrl, apiKey and rate); unlimited when absent. Keeps a batch under CloudStack's api.throttling.
   */
  requestsPerSecond?: number;
  /** Requests that may go at once before the rate applies (default: requestsPerSecond, at least 1). */
  burst?: number;
  /** Keep-alive connections this process opens to the endpoint at most (default 32); further calls queue. */
  maxConnections?: number;
  /** How calls travel (default: pooled keep-alive connections); tests pass one that records or alters them. */
  transport?: CloudStackHttpTransport;
  logger?: CloudStackClientLogger;
}
