import { Logger } from '@nestjs/common';

import { AsyncJobView, AsyncJobWatcher } from './async-job-watcher';
import { BackgroundCalls } from './background-calls';
import { CloudStackClientLogger, CloudStackClientOptions } from './cloudstack-client-options';
import { formatCloudStackDate } from './cloudstack-date';
import {
  CloudStackApiError,
  CloudStackAsyncJobError,
  CloudStackTransportError,
  isRetryable,
  retryAfterMs,
  wasNotExecuted,
} from './errors';
import { CloudStackHttpAnswer, CloudStackHttpTransport, isTimeout, pooledHttpTransport } from './http-transport';
import { redactSecrets } from './redaction';
import { CloudStackParams, javaUrlEncode, signCloudStackRequest } from './signature';
import { sharedTokenBucket, TokenBucket } from './token-bucket';

/** BaseListCmd's page size for "all matches in one answer" (not allowed together with `page`). */
const UNLIMITED_PAGE_SIZE = -1;

export type CloudStackRequestParams = Record<string, string | number | boolean | undefined>;

export interface CloudStackRequestOptions {
  /**
   * Sent only on a connection no other call needs (see BackgroundCalls): for work that may wait behind the calls
   * queued before it, such as tagging objects already made.
   */
  background?: boolean;
}

/** Beyond this a GET risks proxies' and servlet containers' URL limits, so the call goes as a POST form. */
const MAX_GET_QUERY_LENGTH = 2000;
const JOB_SUCCEEDED = 1;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Only reads may be repeated blindly; callers decide how to retry anything that changes the cloud. */
const isIdempotentCommand = (command: string) => /^(list|query)/i.test(command);

export interface IdempotentCreateOptions<T> {
  /**
   * Finds what an earlier attempt of this very create made, by the name or tags the params give it; undefined when
   * there is none. Called before every repeat, and before the first attempt unless `lookFirst` is false.
   */
  findExisting: () => Promise<T | undefined>;
  /** Look before the first attempt too (default true): the earlier attempt may have been another process's. */
  lookFirst?: boolean;
}

/** The create's own answer (for asynchronous commands `{id, jobid}`), or what an earlier attempt had made. */
export type IdempotentCreateResult<T, R> = { created: true; response: R } | { created: false; existing: T };

/** Keep-alive connections to the endpoint, by default (see CloudStackClientOptions.maxConnections). */
const DEFAULT_MAX_CONNECTIONS = 32;

/** A request slower than this is logged even when it succeeds. */
const SLOW_REQUEST_MS = 1_000;

export class CloudStackClient {
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxPollIntervalMs: number;
  private readonly jobTimeoutMs: number;
  private readonly pageSize: number;
  private readonly maxAttempts: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly expiresInSeconds: number;
  private readonly logger: CloudStackClientLogger;
  private readonly bucket?: TokenBucket;
  private readonly jobs: AsyncJobWatcher;
  private readonly transport: CloudStackHttpTransport;
  private readonly calls: BackgroundCalls;
  /** False once the cloud refused an unlimited page for listAsyncJobs. */
  private unlimitedJobListing = true;

  constructor(private readonly options: CloudStackClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.maxPollIntervalMs = options.maxPollIntervalMs ?? 5_000;
    this.jobTimeoutMs = options.jobTimeoutMs ?? 15 * 60_000;
    this.pageSize = options.pageSize ?? 500;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 250;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.expiresInSeconds = options.expiresInSeconds ?? 300;
    this.logger = options.logger ?? new Logger(CloudStackClient.name);
    const connections = Math.max(1, Math.floor(options.maxConnections ?? DEFAULT_MAX_CONNECTIONS));
    this.transport = options.transport ?? pooledHttpTransport(connections);
    this.calls = new BackgroundCalls(connections);
    if (options.requestsPerSecond !== undefined) {
      const burst = options.burst ?? Math.max(1, Math.floor(options.requestsPerSecond));
      this.bucket = sharedTokenBucket(`${options.apiUrl}\n${options.apiKey}`, options.requestsPerSecond, burst);
    }
    this.jobs = new AsyncJobWatcher(
      {
        queryOne: (jobid) => this.request('queryAsyncJobResult', { jobid }),
        listSince: (since) => this.listJobsSince(since),
      },
      {
        pollIntervalMs: this.pollIntervalMs,
        maxPollIntervalMs: this.maxPollIntervalMs,
        listFrom: options.listJobsFrom ?? 4,
        clockSkewMs: options.clockSkewMs ?? 5 * 60_000,
      },
    );
  }

  /**
   * Calls a command and returns what is inside `<command lowercased>response`. Reads are retried on every
   * retryable failure; other commands only when CloudStack certainly did not run them (429, connection refused).
   */
  async request<T = any>(
    command: string,
    params: CloudStackRequestParams = {},
    options: CloudStackRequestOptions = {},
  ): Promise<T> {
    const idempotent = isIdempotentCommand(command);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send<T>(command, params, options.background === true);
      } catch (err) {
        const repeatable = isRetryable(err) && (idempotent || wasNotExecuted(err));
        if (attempt >= this.maxAttempts || !repeatable) throw err;
        await this.backOff(command, attempt, err);
      }
    }
  }

  /**
   * A create that must not happen twice. A failure after which CloudStack may or may not have acted (530, 5xx,
   * timeout, reset connection) is never blindly repeated: `findExisting` looks for the earlier attempt first, and
   * only when it finds nothing is the create sent again.
   */
  async createIdempotently<T, R = any>(
    command: string,
    params: CloudStackRequestParams,
    options: IdempotentCreateOptions<T>,
  ): Promise<IdempotentCreateResult<T, R>> {
    let uncertain = false;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 || options.lookFirst !== false) {
        const existing = await options.findExisting();
        if (existing !== undefined) {
          if (attempt > 1) this.logger.warn(`${command}: found the object an earlier attempt made`);
          return { created: false, existing };
        }
      }
      try {
        return { created: true, response: await this.send<R>(command, params) };
      } catch (err) {
        if (!isRetryable(err)) {
          // A refusal (e.g. "name already exists") after an uncertain attempt may be that attempt's doing.
          const existing = uncertain ? await options.findExisting() : undefined;
          if (existing !== undefined) return { created: false, existing };
          throw err;
        }
        uncertain ||= !wasNotExecuted(err);
        if (attempt >= this.maxAttempts) throw err;
        await this.backOff(command, attempt, err);
      }
    }
  }

  /** Reads every page of a list command; `itemKey` is the object name, e.g. `virtualmachine`. */
  async listAll<T = any>(command: string, params: CloudStackRequestParams, itemKey: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const response = await this.request<Record<string, unknown>>(command, {
        ...params,
        page,
        pagesize: this.pageSize,
      });
      const pageItems = (response?.[itemKey] as T[] | undefined) ?? [];
      items.push(...pageItems);
      const count = typeof response?.count === 'number' ? response.count : undefined;
      if (pageItems.length < this.pageSize || (count !== undefined && items.length >= count)) return items;
    }
  }

  /**
   * The caller's jobs made at or after `since`, for the job watcher's listing round. The window holds the jobs in
   * flight, so it is read in one request (pagesize -1, BaseListCmd's "unlimited") rather than page by page: pages
   * come one after another, each once the last is decoded, and every job of the round waits for the last page. A
   * cloud that refuses the unlimited size (errorcode 431) is read page by page from then on.
   */
  private async listJobsSince(since: Date): Promise<AsyncJobView[]> {
    const params = { startdate: formatCloudStackDate(since) };
    if (this.unlimitedJobListing) {
      try {
        const response = await this.request<{ asyncjobs?: AsyncJobView[] }>('listAsyncJobs', {
          ...params,
          pagesize: UNLIMITED_PAGE_SIZE,
        });
        return response?.asyncjobs ?? [];
      } catch (error) {
        if (!(error instanceof CloudStackApiError && error.errorcode === 431)) throw error;
        this.unlimitedJobListing = false;
        this.logger.warn(
          `listAsyncJobs refused pagesize ${UNLIMITED_PAGE_SIZE} (${error.errortext}); listing jobs page by page`,
        );
      }
    }
    return this.listAll('listAsyncJobs', params, 'asyncjobs');
  }

  /** The first listed object that passes `matches` (list filters such as `name` are substring or any-tag matches). */
  async findOne<T = any>(
    command: string,
    params: CloudStackRequestParams,
    itemKey: string,
    matches: (item: T) => boolean,
  ): Promise<T | undefined> {
    return (await this.listAll<T>(command, params, itemKey)).find(matches);
  }

  /**
   * Waits until the job ends; returns its jobresult or throws CloudStackAsyncJobError. A poll that fails transiently
   * is simply repeated until the job timeout. `submittedAt` (when the job's command was sent, by default now)
   * bounds the listing that polls many jobs at once.
   */
  async waitForJob<T = any>(jobid: string, submittedAt?: number): Promise<T> {
    const job = await this.jobs.wait(jobid, this.jobTimeoutMs, submittedAt);
    if (job.jobstatus === JOB_SUCCEEDED) return job.jobresult as T;
    const result = (job.jobresult ?? {}) as Record<string, unknown>;
    throw new CloudStackAsyncJobError(
      jobid,
      Number(result.errorcode ?? job.jobresultcode ?? 530),
      String(result.errortext ?? 'asynchronous job failed'),
      job.cmd,
    );
  }

  /** Starts an asynchronous command and waits for its job. */
  async executeAsync<T = any>(
    command: string,
    params: CloudStackRequestParams = {},
  ): Promise<{ jobid: string; id?: string; result: T }> {
    const submittedAt = Date.now();
    const started = await this.request<{ jobid?: string; id?: string }>(command, params);
    if (!started?.jobid) {
      throw new CloudStackApiError(command, 530, 'expected an asynchronous job id in the response');
    }
    const result = await this.waitForJob<T>(started.jobid, submittedAt);
    return { jobid: started.jobid, id: started.id, result };
  }

  /** Full-jitter exponential back-off, at least what a 429 asks for. */
  private async backOff(command: string, attempt: number, err: unknown): Promise<void> {
    const ceiling = Math.min(this.maxRetryDelayMs, this.retryBaseDelayMs * 2 ** (attempt - 1));
    const delay = Math.max(Math.random() * ceiling, retryAfterMs(err) ?? 0);
    this.logger.warn(
      `${command} attempt ${attempt} failed (${this.describe(err)}); retrying in ${Math.round(delay)} ms`,
    );
    await sleep(delay);
  }

  private describe(err: unknown): string {
    return redactSecrets((err as Error)?.message ?? String(err), this.options.secretKey);
  }

  private signedParams(command: string, params: CloudStackRequestParams): CloudStackParams {
    const signed: CloudStackParams = {};
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined) signed[name] = String(value);
    }
    signed.command = command;
    signed.response = 'json';
    signed.apiKey = this.options.apiKey;
    if (this.options.signatureVersion3) {
      signed.signatureVersion = '3';
      signed.expires = formatCloudStackDate(new Date(Date.now() + this.expiresInSeconds * 1000));
    }
    signed.signature = signCloudStackRequest(signed, this.options.secretKey);
    return signed;
  }

  private send<T>(command: string, params: CloudStackRequestParams, background = false): Promise<T> {
    return this.calls.run(() => this.sendNow<T>(command, params), background);
  }

  private async sendNow<T>(command: string, params: CloudStackRequestParams): Promise<T> {
    if (this.bucket) {
      const waited = await this.bucket.take();
      if (waited > 0) this.logger.debug(`${command} waited ${waited} ms for the request rate`);
    }
    // Signed after the wait, so a version-3 signature's expiry counts from the send.
    const signed = this.signedParams(command, params);
    const query = Object.entries(signed)
      .map(([name, value]) => `${encodeURIComponent(name)}=${javaUrlEncode(value)}`)
      .join('&');
    const usePost =
      query.length > MAX_GET_QUERY_LENGTH || Object.keys(signed).some((n) => n.toLowerCase() === 'userdata');
    const method = usePost ? 'POST' : 'GET';
    const started = Date.now();
    let response: CloudStackHttpAnswer;
    try {
      response = await this.transport(
        usePost
          ? { method, url: this.options.apiUrl, body: query, timeoutMs: this.timeoutMs }
          : { method, url: this.options.apiUrl, query, timeoutMs: this.timeoutMs },
      );
    } catch (err) {
      this.logger.debug(`${command} ${method} failed after ${Date.now() - started} ms`);
      throw new CloudStackTransportError(command, isTimeout(err), err);
    }
    const elapsed = Date.now() - started;
    const ok = response.status >= 200 && response.status < 300;
    // Only failures and slow answers: a line for every call costs a busy provisioner (500 VMs: 2,000+ calls in
    // seconds) more event-loop time than the calls' own parsing, and says nothing the outcome does not.
    if (!ok || elapsed >= SLOW_REQUEST_MS) this.logger.debug(`${command} ${method} ${response.status} ${elapsed} ms`);
    const payload = this.decode<T>(command, response, ok);
    const jobid = (payload as { jobid?: unknown } | undefined)?.jobid;
    // The job listing starts from when the job was asked for, not from when the caller gets to wait on it (ADR 0039).
    if (typeof jobid === 'string' && !isIdempotentCommand(command)) this.jobs.noteSubmitted(jobid, started);
    return payload;
  }

  private decode<T>(command: string, response: CloudStackHttpAnswer, ok: boolean): T {
    const text = response.text;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const payload =
      body && typeof body === 'object' ? responsePayload(command, body as Record<string, unknown>) : undefined;
    const looksLikeError = payload && typeof payload.errorcode === 'number' && typeof payload.errortext === 'string';
    if (!ok || looksLikeError || payload === undefined) {
      if (looksLikeError) {
        throw new CloudStackApiError(
          command,
          payload.errorcode as number,
          payload.errortext as string,
          typeof payload.cserrorcode === 'number' ? payload.cserrorcode : undefined,
          response.status,
        );
      }
      // Whatever answered is not CloudStack (a proxy, a load balancer): its page may echo the request.
      const description = redactSecrets(
        response.header('x-description') ?? (text.slice(0, 200) || response.statusText),
        this.options.secretKey,
      );
      throw new CloudStackApiError(command, ok ? 530 : response.status, description, undefined, response.status);
    }
    return payload as T;
  }
}

/** `<command>response`, or the only `...response` key (CloudStack names a few responses irregularly). */
function responsePayload(command: string, body: Record<string, unknown>): Record<string, any> | undefined {
  const expected = `${command.toLowerCase()}response`;
  if (expected in body) return (body[expected] ?? {}) as Record<string, any>;
  const keys = Object.keys(body).filter((k) => k.endsWith('response'));
  return keys.length === 1 ? ((body[keys[0]] ?? {}) as Record<string, any>) : undefined;
}
