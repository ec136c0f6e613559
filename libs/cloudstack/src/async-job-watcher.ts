import { parseCloudStackDate } from './cloudstack-date';
import { CloudStackJobTimeoutError, isRetryable } from './errors';

/** A job as queryAsyncJobResult and listAsyncJobs show it. */
export interface AsyncJobView {
  jobid: string;
  /** 0 pending, 1 succeeded, 2 failed. */
  jobstatus: number;
  jobresult?: Record<string, unknown>;
  jobresultcode?: number;
  cmd?: string;
  /** When CloudStack made the job, by its clock, to the second. */
  created?: string;
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
   * How far before a job was submitted the listing starts until the watcher has seen how CloudStack's clock stands
   * to ours (from the first job it sees): CloudStack stamps jobs with its own clock, which may be behind ours. A job
   * the listing misses anyway is polled on its own.
   */
  clockSkewMs: number;
}

/**
 * Added to the bound on how far our clock is ahead of CloudStack's, for the clocks drifting apart after the bound was
 * learnt (a listing that misses a job anyway makes the watcher learn it again).
 */
const CLOCK_BOUND_MARGIN_MS = 500;

/**
 * A listing that reads more than this many jobs it knows nothing of per job waited on pauses listing for one longest
 * poll interval.
 */
const LISTING_WASTE_FACTOR = 10;
/** Send times kept for jobs not (yet) waited on, at most. */
const MAX_UNAWAITED_JOBS = 10_000;

interface Waiter {
  jobid: string;
  /** When the job was submitted, by our clock. */
  since: number;
  /** `since` is when the job's call was sent (given or noted), not merely when the wait began. */
  sentAtKnown: boolean;
  /** By when, by our clock, the call that made the job had been answered (so the job existed); with `sentAtKnown`. */
  answeredBy: number;
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
  /** Waiters handed over when the last listing round started: none since means the burst of submissions is over. */
  private handedOverAtLastRound = 0;
  /** Waiters handed over so far (each waiter's `order`). */
  private handedOver = 0;
  /**
   * An upper bound on how far our clock is ahead of CloudStack's (negative when it is behind): the least, over the
   * jobs seen, of the time their call had been answered by our clock minus their `created`. A job exists by the time
   * its call is answered, and `created` (cut to the second) is no later than when it was made, so each such
   * difference is at least the true offset. Undefined until a job with `created` was seen, and again after a listing
   * missed a job it should have shown.
   */
  private clockAheadBoundMs: number | undefined;
  /**
   * When the call that started each job was sent, by job id, until the job is waited on: the time a caller gets to
   * waiting is later by however busy it is, and a listing counts these jobs as expected, not as others' work.
   */
  private readonly submitted = new Map<string, { sentAt: number; answeredBy: number }>();

  constructor(
    private readonly queries: AsyncJobQueries,
    private readonly options: AsyncJobWatcherOptions,
  ) {
    this.listingAllowed = options.listFrom > 0;
  }

  /**
   * Notes that a call which started `jobid` was sent at `sentAt` and answered (now, unless `answeredAt` is given),
   * before anyone waits on the job.
   */
  noteSubmitted(jobid: string, sentAt: number, answeredAt = Date.now()): void {
    // Jobs nobody waits on (fire-and-forget commands) must not pile up.
    if (this.submitted.size >= MAX_UNAWAITED_JOBS) this.submitted.delete(this.submitted.keys().next().value!);
    this.submitted.set(jobid, { sentAt, answeredBy: answeredAt });
  }

  /**
   * Resolves with the job once it is no longer pending; rejects on timeout or a non-retryable poll failure.
   * `submittedAt` defaults to the send time noted for the job, else now. A job waited on with `submittedAt` is taken
   * to have been answered by now (the caller waits once its call returned).
   */
  wait(jobid: string, timeoutMs: number, submittedAt?: number): Promise<AsyncJobView> {
    const noted = this.submitted.get(jobid);
    this.submitted.delete(jobid);
    const since = submittedAt ?? noted?.sentAt ?? Date.now();
    return new Promise<AsyncJobView>((resolve, reject) => {
      const now = Date.now();
      this.waiters.add({
        jobid,
        since,
        sentAtKnown: submittedAt !== undefined || noted !== undefined,
        answeredBy: submittedAt !== undefined ? now : (noted?.answeredBy ?? now),
        order: ++this.handedOver,
        deadline: now + timeoutMs,
        timeoutMs,
        nextPollAt: now + this.options.pollIntervalMs,
        interval: this.options.pollIntervalMs,
        unlisted: false,
        resolve,
        reject,
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
    const at = this.listing()
      ? this.roundAfter()
      : Math.min(...[...this.waiters].map((w) => Math.min(w.nextPollAt, w.deadline)));
    if (this.timer && at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        // A round set half an interval after the last is put off when jobs were handed over since (see roundAfter).
        if (this.listing() && this.roundAfter() > Date.now()) return this.schedule();
        void this.poll();
      },
      Math.max(0, at - Date.now()),
    );
  }

  /**
   * In listing mode every waiter is answered each round, so a round comes one poll interval after the last, and
   * half of one once no job was handed over since the last round: while a burst of submissions goes on, a round
   * costs both sides CPU that the submissions need; once it is over, the jobs' ends are what is left to wait for,
   * and shorter rounds see the last of them sooner, in smaller batches (ADR 45).
   */
  private roundAfter(): number {
    const interval = this.options.pollIntervalMs;
    const period = this.handedOver === this.handedOverAtLastRound ? interval / 2 : interval;
    const earliestFirstPoll = Math.min(...[...this.waiters].map((w) => w.since + interval));
    return Math.max(this.lastRound + period, Math.min(earliestFirstPoll, Date.now() + interval));
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
    this.handedOverAtLastRound = this.handedOver;
    const listable = [...this.waiters].filter((w) => !w.unlisted);
    // Once the clocks' offset is bounded the listing starts just before the oldest job still waited on, so a round
    // reads the jobs in flight rather than every job since the first, or the jobs of the stack before (500 VMs: a
    // megabyte a round).
    const lag =
      this.clockAheadBoundMs === undefined ? this.options.clockSkewMs : this.clockAheadBoundMs + CLOCK_BOUND_MARGIN_MS;
    const since = new Date(Math.min(...listable.map((w) => w.since)) - lag);
    try {
      const jobs = await this.queries.listSince(since);
      // Other work of the same account (other tools, long waits widening the window) can make a listing read many
      // jobs for few answers; then single polls are cheaper for a while. Jobs this client started and has not begun
      // waiting on yet are not such work: a busy provisioner may have sent hundreds before it gets to wait on them.
      const waited = new Set([...this.waiters].map((w) => w.jobid));
      const foreign = jobs.filter((job) => !waited.has(job.jobid) && !this.submitted.has(job.jobid)).length;
      if (foreign > LISTING_WASTE_FACTOR * listable.length)
        this.listingPausedUntil = Date.now() + this.options.maxPollIntervalMs;
      return new Map(jobs.map((job) => [job.jobid, job]));
    } catch (error) {
      // A refusal (the account may not list jobs) ends listing; a transient failure falls back for this round only.
      if (!isRetryable(error)) this.listingAllowed = false;
      return undefined;
    }
  }

  private async check(waiter: Waiter, listed: Map<string, AsyncJobView> | undefined, now: number): Promise<void> {
    let job = listed && !waiter.unlisted ? listed.get(waiter.jobid) : undefined;
    if (listed && !waiter.unlisted && !job) {
      waiter.unlisted = true;
      // The window was meant to hold this job: the bound on the clocks may no longer hold. Learn it again.
      if (waiter.sentAtKnown) this.clockAheadBoundMs = undefined;
    }
    if (!job && (waiter.nextPollAt <= now || waiter.deadline <= now || waiter.unlisted)) {
      try {
        job = await this.queries.queryOne(waiter.jobid);
      } catch (error) {
        if (!isRetryable(error)) return this.settle(waiter, () => waiter.reject(error));
      }
      waiter.nextPollAt = Date.now() + waiter.interval;
      waiter.interval = Math.min(waiter.interval * 1.5, this.options.maxPollIntervalMs);
    }
    if (job) this.noteClock(waiter, job);
    if (job && job.jobstatus !== 0) return this.settle(waiter, () => waiter.resolve(job!));
    if (Date.now() >= waiter.deadline) {
      this.settle(waiter, () => waiter.reject(new CloudStackJobTimeoutError(waiter.jobid, waiter.timeoutMs)));
    }
  }

  private noteClock(waiter: Waiter, job: AsyncJobView): void {
    // A wait on an older job (a worker resuming one after a restart) says nothing about the clocks.
    if (!waiter.sentAtKnown) return;
    const created = job.created === undefined ? undefined : parseCloudStackDate(job.created);
    if (!created) return;
    const bound = waiter.answeredBy - created.getTime();
    if (this.clockAheadBoundMs === undefined || bound < this.clockAheadBoundMs) this.clockAheadBoundMs = bound;
  }

  private settle(waiter: Waiter, how: () => void): void {
    this.waiters.delete(waiter);
    how();
  }
}
