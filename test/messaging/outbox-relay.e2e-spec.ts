import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';

import { OutboxRelay, RabbitConnection } from '../../libs/messaging/src';
import { ScratchDatabase, scratchDatabase } from '../support/scratch-database';

/** A confirm channel whose confirms the test hands out: what the relay published, and when the broker answers. */
class ControlledConfirmChannel {
  readonly published: string[] = [];
  private readonly unconfirmed: Array<{ messageId: string; answer: (error: Error | null) => void }> = [];

  publish(
    _exchange: string,
    _routingKey: string,
    _content: Buffer,
    options: { messageId: string },
    answer: (error: Error | null) => void,
  ): boolean {
    this.published.push(options.messageId);
    this.unconfirmed.push({ messageId: options.messageId, answer });
    return true;
  }

  get waiting(): number {
    return this.unconfirmed.length;
  }

  /** Acks every message waiting, except those `refuse` picks, which are nacked. */
  answerAll(refuse: (messageId: string) => boolean = () => false): void {
    for (const { messageId, answer } of this.unconfirmed.splice(0))
      answer(refuse(messageId) ? new Error('message nacked') : null);
  }
}

/**
 * The outbox relay against real MariaDB, with the broker's confirms in the test's hands: it publishes the next
 * batches while earlier ones wait for their confirms, deletes only confirmed rows, and publishes again what the
 * broker refused.
 */
describe('outbox relay', () => {
  let scratch: ScratchDatabase;
  let dataSource: DataSource;
  let channel: ControlledConfirmChannel;
  let relay: OutboxRelay;

  beforeAll(async () => {
    scratch = await scratchDatabase('relay', { poolSize: 6 });
    dataSource = scratch.dataSource;
  });

  afterAll(async () => {
    await scratch.drop();
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM audit_outbox');
    channel = new ControlledConfirmChannel();
    const rabbit = { confirmChannel: async () => channel } as unknown as RabbitConnection;
    relay = new OutboxRelay('audit', dataSource, rabbit, { batchSize: 100, maxBatchesInFlight: 3, pollIntervalMs: 50 });
  });

  afterEach(async () => {
    const stopped = relay.stop();
    // Batches still waiting for confirms hold the relay's stop; answer them.
    const answering = setInterval(() => channel.answerAll(), 10);
    await stopped;
    clearInterval(answering);
  });

  async function addRows(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await dataSource.query('INSERT INTO audit_outbox (message_id, routing_key, payload, created_at) VALUES ?', [
      ids.map((id) => [id, 'test.event.v1', JSON.stringify({ id }), new Date()]),
    ]);
    return ids;
  }

  async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async function rowsLeft(): Promise<number> {
    const [row] = await dataSource.query('SELECT COUNT(*) AS n FROM audit_outbox');
    return Number(row.n);
  }

  it('publishes further batches, in outbox order, while earlier ones wait for their confirms', async () => {
    const ids = await addRows(250);
    relay.start();
    // Three batches (100, 100, 50) are out though the broker has confirmed nothing yet.
    await until(() => channel.published.length === 250, 'three batches published');
    expect(channel.published).toEqual(ids);
    expect(await rowsLeft()).toBe(250);

    channel.answerAll();
    await until(async () => (await rowsLeft()) === 0, 'the confirmed rows deleted');
    expect(channel.published).toHaveLength(250);
  });

  it('holds at most the configured number of batches in flight', async () => {
    await addRows(450);
    relay.start();
    await until(() => channel.published.length === 300, 'three batches published');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(channel.published).toHaveLength(300);

    channel.answerAll();
    await until(() => channel.published.length === 450, 'the rest published once batches were confirmed');
    channel.answerAll();
    await until(async () => (await rowsLeft()) === 0, 'every row deleted');
  });

  it('keeps the rows of a refused batch and publishes them again; confirmed batches are deleted', async () => {
    const ids = await addRows(200);
    relay.start();
    await until(() => channel.published.length === 200, 'two batches published');
    // The broker refuses one message of the first batch: that batch rolls back, the second is confirmed.
    channel.answerAll((messageId) => messageId === ids[10]);
    await until(() => channel.published.length === 300, 'the refused batch published again');
    expect(channel.published.slice(200)).toEqual(ids.slice(0, 100));
    expect(await rowsLeft()).toBe(100);

    channel.answerAll();
    await until(async () => (await rowsLeft()) === 0, 'the republished batch deleted');
  });
});
