import { AsyncJobQueries, AsyncJobView, AsyncJobWatcher } from './async-job-watcher';
import { formatCloudStackDate, parseCloudStackDate } from './cloudstack-date';
import { CloudStackApiError, CloudStackJobTimeoutError } from './errors';

/** A cloud whose jobs finish when the test says so, counting how it is asked. */
class FakeJobs implements AsyncJobQueries {
  readonly jobs = new Map<string, AsyncJobView>();
  queries = 0;
  listings: Date[] = [];
  listFailure: unknown;
  /** Jobs the listing does not show (as if stamped by a clock far behind ours). */
  readonly hidden = new Set<string>();
  /** Called while a listing is on its way (after the jobs it shows were read). */
  duringListing: (() => void) | undefined;

  /** How far CloudStack's clock is behind ours; jobs carry `created` only when it is set. */
  behindMs: number | undefined;
  /** Shows only jobs created at or after the listing's start, to the second, as CloudStack does with startdate. */
  filterBySince = false;

  submit(jobid: string): void {
    const created =
      this.behindMs === undefined ? undefined : formatCloudStackDate(new Date(Date.now() - this.behindMs));
    this.jobs.set(jobid, { jobid, jobstatus: 0, ...(created ? { created } : {}) });
  }

  finish(jobid: string, jobstatus = 1): void {
    this.jobs.set(jobid, { ...this.jobs.get(jobid), jobid, jobstatus, jobresult: { id: jobid } });
  }

  async queryOne(jobid: string): Promise<AsyncJobView | undefined> {
    this.queries++;
    const job = this.jobs.get(jobid);
    if (!job) throw new CloudStackApiError('queryAsyncJobResult', 431, `Unable to find job ${jobid}`);
    return job;
  }

  async listSince(since: Date): Promise<AsyncJobView[]> {
    this.listings.push(since);
    if (this.listFailure) throw this.listFailure;
    const startMs = Math.floor(since.getTime() / 1000) * 1000;
    const shown = [...this.jobs.values()].filter(
      (job) =>
        !this.hidden.has(job.jobid) &&
        (!this.filterBySince || job.created === undefined || parseCloudStackDate(job.created)!.getTime() >= startMs),
    );
    this.duringListing?.();
    this.duringListing = undefined;
    return shown;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const options = { pollIntervalMs: 10, maxPollIntervalMs: 40, listFrom: 3, clockSkewMs: 60_000 };

describe('AsyncJobWatcher', () => {
  it('polls a job waited on alone with queryAsyncJobResult and never lists', async () => {
    const cloud = new FakeJobs();
    const watcher = new AsyncJobWatcher(cloud, options);
    cloud.submit('a');
    const waited = watcher.wait('a', 5_000);
    await sleep(60);
    cloud.finish('a');
    await expect(waited).resolves.toMatchObject({ jobid: 'a', jobstatus: 1 });
    expect(cloud.queries).toBeGreaterThan(1);
    expect(cloud.listings).toEqual([]);
    expect(watcher.waiting).toBe(0);
  });

  it('answers many jobs with one listing per round, starting the listing before the earliest submission', async () => {
    const cloud = new FakeJobs();
    const watcher = new AsyncJobWatcher(cloud, options);
    const submittedAt = Date.now();
    const ids = Array.from({ length: 50 }, (_, i) => `job-${i}`);
    ids.forEach((id) => cloud.submit(id));
    const waited = Promise.all(ids.map((id) => watcher.wait(id, 5_000, submittedAt)));
    await sleep(45);
    ids.forEach((id, i) => cloud.finish(id, i % 10 === 0 ? 2 : 1));
    const jobs = await waited;
    expect(jobs.map((job) => job.jobstatus).filter((status) => status === 2)).toHaveLength(5);
    expect(cloud.queries).toBe(0);
    // One round per poll interval, however many jobs: far fewer calls than 50 jobs polled one by one.
    expect(cloud.listings.length).toBeGreaterThanOrEqual(2);
    expect(cloud.listings.length).toBeLessThan(12);
    expect(cloud.listings[0].getTime()).toBe(submittedAt - 60_000);
  });

  it("starts later listings just before the oldest job waited on, once it has seen how far behind CloudStack's clock is", async () => {
    const cloud = new FakeJobs();
    cloud.behindMs = 30_000;
    const watcher = new AsyncJobWatcher(cloud, options);
    const first = ['a', 'b', 'c'];
    const firstAt = Date.now();
    first.forEach((id) => cloud.submit(id));
    const waitedFirst = Promise.all(first.map((id) => watcher.wait(id, 5_000, firstAt)));
    await sleep(30);
    // Before any job was seen, the listing reaches back the configured skew.
    expect(cloud.listings[0].getTime()).toBe(firstAt - 60_000);
    first.forEach((id) => cloud.finish(id));
    await waitedFirst;

    const second = ['d', 'e', 'f'];
    const secondAt = Date.now();
    second.forEach((id) => cloud.submit(id));
    const listedBefore = cloud.listings.length;
    const waitedSecond = Promise.all(second.map((id) => watcher.wait(id, 5_000, secondAt)));
    await sleep(30);
    second.forEach((id) => cloud.finish(id));
    await waitedSecond;
    // Now only as far back as the bound on the clocks (30 s, plus what `created` lost of its second and the calls'
    // time) and a 500 ms margin: not the configured 60 s, nor seconds before the oldest job for the stack before.
    const reach = secondAt - cloud.listings[listedBefore].getTime();
    expect(reach).toBeGreaterThanOrEqual(30_500);
    expect(reach).toBeLessThanOrEqual(31_600);
    expect(cloud.queries).toBe(0);
  });

  it("learns the clocks again when a listing misses a job it should have shown (CloudStack's clock was set back)", async () => {
    const cloud = new FakeJobs();
    cloud.filterBySince = true;
    cloud.behindMs = 0;
    const watcher = new AsyncJobWatcher(cloud, options);
    const waitOn = async (ids: string[]) => {
      const at = Date.now();
      ids.forEach((id) => cloud.submit(id));
      const waited = Promise.all(ids.map((id) => watcher.wait(id, 5_000, at)));
      await sleep(30);
      ids.forEach((id) => cloud.finish(id));
      return { at, jobs: await waited };
    };
    await waitOn(['a', 'b', 'c']);
    expect(cloud.queries).toBe(0);

    cloud.behindMs = 10_000;
    const listedBefore = cloud.listings.length;
    const stepped = await waitOn(['d', 'e', 'f']);
    // The first listing after the step reached back only the learnt bound: it missed the jobs, which were then
    // polled one by one and still answered.
    expect(stepped.at - cloud.listings[listedBefore].getTime()).toBeLessThan(2_000);
    expect(stepped.jobs.map((job) => job.jobstatus)).toEqual([1, 1, 1]);
    expect(cloud.queries).toBeGreaterThanOrEqual(3);

    const queriesBefore = cloud.queries;
    const after = cloud.listings.length;
    const next = await waitOn(['g', 'h', 'i']);
    // The miss made the watcher learn the bound again: the next listing reaches back the configured skew or the new
    // offset, and shows the jobs.
    expect(next.at - cloud.listings[after].getTime()).toBeGreaterThanOrEqual(10_000);
    expect(cloud.queries).toBe(queriesBefore);
  });

  it('learns nothing about the clocks from a wait on a job whose sending it did not see', async () => {
    const cloud = new FakeJobs();
    cloud.behindMs = 0;
    const watcher = new AsyncJobWatcher(cloud, options);
    // A job made ten minutes ago, waited on now (a worker resuming it after a restart).
    cloud.jobs.set('old', {
      jobid: 'old',
      jobstatus: 1,
      created: formatCloudStackDate(new Date(Date.now() - 600_000)),
    });
    await watcher.wait('old', 5_000);
    const ids = ['a', 'b', 'c'];
    const at = Date.now();
    ids.forEach((id) => cloud.submit(id));
    const waited = Promise.all(ids.map((id) => watcher.wait(id, 5_000, at)));
    await sleep(30);
    ids.forEach((id) => cloud.finish(id));
    await waited;
    // Still the configured skew, not ten minutes and more.
    expect(at - cloud.listings[0].getTime()).toBe(60_000);
  });

  it("counts jobs it was told were started, not yet waited on, as expected rather than as others' work", async () => {
    const cloud = new FakeJobs();
    const watcher = new AsyncJobWatcher(cloud, options);
    const sentAt = Date.now() - 5_000;
    const ids = Array.from({ length: 100 }, (_, i) => `job-${i}`);
    for (const id of ids) {
      cloud.submit(id);
      watcher.noteSubmitted(id, sentAt);
    }
    // A busy caller gets to wait on a few of them first (100 listed jobs for 5 waiters would pause listing).
    const early = Promise.all(ids.slice(0, 5).map((id) => watcher.wait(id, 5_000)));
    await sleep(25);
    const late = Promise.all(ids.slice(5).map((id) => watcher.wait(id, 5_000)));
    await sleep(25);
    ids.forEach((id) => cloud.finish(id));
    await Promise.all([early, late]);
    expect(cloud.queries).toBe(0);
    // The listing reached back from when the jobs were sent, not from when they were waited on.
    expect(cloud.listings[0].getTime()).toBe(sentAt - 60_000);
  });

  it('polls on its own a job the listing does not show', async () => {
    const cloud = new FakeJobs();
    const watcher = new AsyncJobWatcher(cloud, options);
    ['a', 'b', 'c', 'd'].forEach((id) => cloud.submit(id));
    cloud.hidden.add('d');
    const waited = Promise.all(['a', 'b', 'c', 'd'].map((id) => watcher.wait(id, 5_000)));
    await sleep(30);
    ['a', 'b', 'c', 'd'].forEach((id) => cloud.finish(id));
    expect((await waited).map((job) => job.jobid)).toEqual(['a', 'b', 'c', 'd']);
    expect(cloud.queries).toBeGreaterThan(0);
    expect(cloud.listings.length).toBeGreaterThan(0);
  });

  it('leaves a job handed over while a listing was on its way to the next listing, not to single polls', async () => {
    const cloud = new FakeJobs();
    const watcher = new AsyncJobWatcher(cloud, options);
    ['a', 'b', 'c'].forEach((id) => cloud.submit(id));
    const late: Array<Promise<AsyncJobView>> = [];
    cloud.duringListing = () => {
      cloud.submit('late');
      late.push(watcher.wait('late', 5_000));
    };
    const waited = Promise.all(['a', 'b', 'c'].map((id) => watcher.wait(id, 5_000)));
    await sleep(30);
    expect(late).toHaveLength(1);
    ['a', 'b', 'c', 'late'].forEach((id) => cloud.finish(id));
    await waited;
    await expect(late[0]).resolves.toMatchObject({ jobid: 'late', jobstatus: 1 });
    expect(cloud.queries).toBe(0);
  });

  describe('round period', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    /** When each listing round started, in ms after the first, for `ms` of waiting with jobs arriving as `arrive` says. */
    async function roundsOver(
      ms: number,
      arrive: (cloud: FakeJobs, watcher: AsyncJobWatcher, at: number) => void,
    ): Promise<number[]> {
      const cloud = new FakeJobs();
      const watcher = new AsyncJobWatcher(cloud, { ...options, pollIntervalMs: 100, maxPollIntervalMs: 400 });
      const started = Date.now();
      const rounds: number[] = [];
      const listSince = cloud.listSince.bind(cloud);
      cloud.listSince = (since) => {
        rounds.push(Date.now() - started);
        return listSince(since);
      };
      const ids = Array.from({ length: 5 }, (_, i) => `first-${i}`);
      ids.forEach((id) => {
        cloud.submit(id);
        void watcher.wait(id, 60_000);
      });
      for (let at = 10; at <= ms; at += 10) {
        await jest.advanceTimersByTimeAsync(10);
        arrive(cloud, watcher, at);
      }
      return rounds.map((at) => at - rounds[0]);
    }

    it('lists once per poll interval while new jobs keep being handed over', async () => {
      const rounds = await roundsOver(1_000, (cloud, watcher, at) => {
        const id = `late-${at}`;
        cloud.submit(id);
        void watcher.wait(id, 60_000);
      });
      expect(rounds.slice(0, 5)).toEqual([0, 100, 200, 300, 400]);
    });

    it('lists twice as often once no job was handed over since the last round', async () => {
      const rounds = await roundsOver(1_000, () => undefined);
      expect(rounds.slice(0, 5)).toEqual([0, 50, 100, 150, 200]);
    });

    it('goes back to the poll interval when a new burst starts', async () => {
      const rounds = await roundsOver(1_000, (cloud, watcher, at) => {
        if (at < 500) return;
        const id = `late-${at}`;
        cloud.submit(id);
        void watcher.wait(id, 60_000);
      });
      const gaps = rounds.slice(1).map((at, i) => at - rounds[i]);
      expect(gaps.filter((gap, i) => rounds[i] < 350)).toEqual(gaps.filter((gap, i) => rounds[i] < 350).map(() => 50));
      expect(gaps.filter((gap, i) => rounds[i] >= 600)).toEqual(
        gaps.filter((gap, i) => rounds[i] >= 600).map(() => 100),
      );
    });
  });

  it('stops listing for good when CloudStack refuses it, and only for a round when it fails transiently', async () => {
    const refused = new FakeJobs();
    refused.listFailure = new CloudStackApiError(
      'listAsyncJobs',
      432,
      'The given command does not exist or it is not available for user',
    );
    const watcher = new AsyncJobWatcher(refused, options);
    ['a', 'b', 'c'].forEach((id) => refused.submit(id));
    const waited = Promise.all(['a', 'b', 'c'].map((id) => watcher.wait(id, 5_000)));
    await sleep(60);
    ['a', 'b', 'c'].forEach((id) => refused.finish(id));
    await waited;
    expect(refused.listings).toHaveLength(1);
    expect(refused.queries).toBeGreaterThan(3);

    const flaky = new FakeJobs();
    flaky.listFailure = new CloudStackApiError('listAsyncJobs', 530, 'Internal error');
    const again = new AsyncJobWatcher(flaky, options);
    ['a', 'b', 'c'].forEach((id) => flaky.submit(id));
    const waitedAgain = Promise.all(['a', 'b', 'c'].map((id) => again.wait(id, 5_000)));
    await sleep(40);
    flaky.listFailure = undefined;
    ['a', 'b', 'c'].forEach((id) => flaky.finish(id));
    await waitedAgain;
    expect(flaky.listings.length).toBeGreaterThan(1);
  });

  it('pauses listing when it reads far more jobs than it answers for (a busy account)', async () => {
    const cloud = new FakeJobs();
    for (let i = 0; i < 200; i++) cloud.finish(`other-${i}`);
    const watcher = new AsyncJobWatcher(cloud, { ...options, maxPollIntervalMs: 1_000 });
    ['a', 'b', 'c'].forEach((id) => cloud.submit(id));
    const waited = Promise.all(['a', 'b', 'c'].map((id) => watcher.wait(id, 5_000)));
    await sleep(200);
    // One listing (203 jobs for 3 waited on), then single polls for the rest of the pause.
    expect(cloud.listings).toHaveLength(1);
    expect(cloud.queries).toBeGreaterThan(3);
    ['a', 'b', 'c'].forEach((id) => cloud.finish(id));
    await waited;
  });

  it('gives up on a job at its timeout and on a poll CloudStack refuses', async () => {
    const cloud = new FakeJobs();
    const watcher = new AsyncJobWatcher(cloud, options);
    cloud.submit('slow');
    await expect(watcher.wait('slow', 50)).rejects.toBeInstanceOf(CloudStackJobTimeoutError);
    await expect(watcher.wait('unknown', 5_000)).rejects.toMatchObject({ errorcode: 431 });
    expect(watcher.waiting).toBe(0);
  });
});
