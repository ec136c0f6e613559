import { CloudStackJobTimeoutError, isRetryable } from './errors';

/** A job as queryAsyncJobResult and listAsyncJobs show it. */
export interface AsyncJobView {
  jobid: string;
  /** 0 pending, 1 succeeded, 2 failed. */
  jobstatus: number;
  jobresult?: Record<string, unknown>;
  jobresultcode?: number;
  cmd?: string;
}

/** How the watcher reaches CloudStack: the client's own (signed, retried) calls. */
export interface AsyncJobQueries {
  queryOne(jobid: string): Promise<AsyncJobView | undefined>;
  /** Every job of the caller's account created at or after `since` (listAsyncJobs startdate, all pages). */
  listSince(since: Date): Promise<AsyncJobView[]>;
}

export interface AsyncJobWatcherOptions {
  /** First interval between polls of one job; also the period of a listing round (default 500). */
  pollIntervalMs: number;
  /** Ceiling of one job's growing poll interval (default 5000). */
  maxPollIntervalMs: number;
  /** Jobs waited on at once from which one listAsyncJobs call polls them all; 0 never lists. */
  listFrom: number;
  /**
   * How far before a job was submitted the listing starts: CloudStack stamps jobs with its own clock, which may be
   * behind ours. A job the listing misses anyway is polled on its own.
   */
  clockSkewMs: number;
}

/** A listing that reads more than this many jobs per job waited on pauses listing for one longest poll interval. */
const LISTING_WASTE_FACTOR = 10;

interface Waiter {
  jobid: string;
  /** When the job was submitted, by our clock. */
  since: number;
  /** Order in which it was handed to the watcher: a listing that started before then cannot be expected to show it. */
  order: number;
  deadline: number;
  timeoutMs: number;
  nextPollAt: number;
  interval: number;
  /** The listing missed it once: it is polled on its own from then on. */
  unlisted: boolean;
  resolve: (job: AsyncJobView) => void;
  reject: (error: unknown) => void;
}

/**
 * Waits for CloudStack asynchronous jobs. A job waited on alone is polled with queryAsyncJobResult at a growing
 * interval, as before; when many are waited on at once (a provisioner deploying hundreds of VMs) one
 * listAsyncJobs call per round answers for all of them, instead of one HTTP call per job per round (ADR 0037).
 */
export class AsyncJobWatcher {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private polling = false;
  /** Turned off for good when CloudStack refuses listAsyncJobs to this account (not a transient failure). */
  private listingAllowed: boolean;
  /** Single polls until then: the last listing read far more jobs than it answered for (a busy account). */
  private listingPausedUntil = 0;
  /** When the last listing round started. */
  private lastRound = 0;
  /** Waiters handed over so far (each waiter's `order`). */
  private handedOver = 0;

  constructor(private readonly queries: AsyncJobQueries, private readonly options: AsyncJobWatcherOptions) {
    this.listingAllowed = options.listFrom > 0;
  }

  /** Resolves with the job once it is no longer pending; rejects on timeout or a non-retryable poll failure. */
  wait(jobid: string, timeoutMs: number, submittedAt = Date.now()): Promise<AsyncJobView> {
    return new Promise<AsyncJobView>((resolve, reject) => {
      const now = Date.now();
      this.waiters.add({
        jobid, since: submittedAt, order: ++this.handedOver, deadline: now + timeoutMs, timeoutMs, nextPollAt: now + this.options.pollIntervalMs,
        interval: this.options.pollIntervalMs, unlisted: false, resolve, reject,
      });
      this.schedule();
    });
  }

  /** Jobs being waited on (for tests and diagnostics). */
  get waiting(): number {
    return this.waiters.size;
  }

  private schedule(): void {
    if (this.polling || this.waiters.size === 0) return;
    const at = this.listing() ? this.roundAfter() : Math.min(...[...this.waiters].map((w) => Math.min(w.nextPollAt, w.deadline)));
    if (this.timer && at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      void this.poll();
    }, Math.max(0, at - Date.now()));
  }

  /** In listing mode every waiter is answered each round, so a round comes one poll interval after the last. */
  private roundAfter(): number {
    const earliestFirstPoll = Math.min(...[...this.waiters].map((w) => w.since + this.options.pollIntervalMs));
    return Math.max(this.lastRound + this.options.pollIntervalMs, Math.min(earliestFirstPoll, Date.now() + this.options.pollIntervalMs));
  }

  private listing(): boolean {
    if (!this.listingAllowed || Date.now() < this.listingPausedUntil) return false;
    let listable = 0;
    for (const waiter of this.waiters) if (!waiter.unlisted && ++listable >= this.options.listFrom) return true;
    return false;
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      const now = Date.now();
      const listedUpTo = this.handedOver;
      const listed = this.listing() ? await this.listAll(now) : undefined;
      // Jobs handed over while the listing was on its way are answered by the next round.
      const answerable = (w: Waiter) => listed !== undefined && !w.unlisted && w.order <= listedUpTo;
      const due = [...this.waiters].filter((w) => answerable(w) || w.nextPollAt <= now || w.deadline <= now);
      await Promise.all(due.map((waiter) => this.check(waiter, answerable(waiter) ? listed : undefined, now)));
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  private async listAll(now: number): Promise<Map<string, AsyncJobView> | undefined> {
    this.lastRound = now;
    const listable = [...this.waiters].filter((w) => !w.unlisted);
    const since = new Date(Math.min(...listable.map((w) => w.since)) - this.options.clockSkewMs);
    try {
      const jobs = await this.queries.listSince(since);
      // Other work of the same account (other tools, long waits widening the window) can make a listing read many
      // jobs for few answers; then single polls are cheaper for a while.
      if (jobs.length > LISTING_WASTE_FACTOR * listable.length) this.listingPausedUntil = Date.now() + this.options.maxPollIntervalMs;
      return new Map(jobs.map((job) => [job.jobid, job]));
    } catch (error) {
      // A refusal (the account may not list jobs) ends listing; a transient failure falls back for this round only.
      if (!isRetryable(error)) this.listingAllowed = false;
      return undefined;
    }
  }

  private async check(waiter: Waiter, listed: Map<string, AsyncJobView> | undefined, now: number): Promise<void> {
    let job = listed && !waiter.unlisted ? listed.get(waiter.jobid) : undefined;
    if (listed && !waiter.unlisted && !job) waiter.unlisted = true;
    if (!job && (waiter.nextPollAt <= now || waiter.deadline <= now || waiter.unlisted)) {
      try {
        job = await this.queries.queryOne(waiter.jobid);
      } catch (error) {
        if (!isRetryable(error)) return this.settle(waiter, () => waiter.reject(error));
      }
      waiter.nextPollAt = Date.now() + waiter.interval;
      waiter.interval = Math.min(waiter.interval * 1.5, this.options.maxPollIntervalMs);
    }
    if (job && job.jobstatus !== 0) return this.settle(waiter, () => waiter.resolve(job!));
    if (Date.now() >= waiter.deadline) {
      this.settle(waiter, () => waiter.reject(new CloudStackJobTimeoutError(waiter.jobid, waiter.timeoutMs)));
    }
  }

  private settle(waiter: Waiter, how: () => void): void {
    this.waiters.delete(waiter);
    how();
  }
}
