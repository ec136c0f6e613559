import { randomUUID } from 'node:crypto';

import { StackDeleteRequested, StackDeleteRequestedV1, StackStatusChanged, StackStatusChangedV1 } from '@cfn/contracts';
import { appQueueNames } from '@cfn/messaging';
import { sleep } from '@cfn/runtime';

import { waitUntil } from '../support/wait-until';
import { Delivery } from './delivery-log';
import { APP, MAX_ATTEMPTS, MessagingTestBed } from './messaging-test-bed';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function statusChange(status = 'CREATE_COMPLETE'): StackStatusChangedV1 {
  return {
    stackId: randomUUID(),
    stackName: 'messaging-e2e',
    accountId: '000000000001',
    status,
    reason: null,
    at: new Date().toISOString(),
  };
}

/** libs/messaging end to end: outbox, relay, RabbitMQ, our transport, inbox, retries and dead-lettering. */
describe('messaging through the outbox, RabbitMQ and the RabbitTransport', () => {
  const bed = new MessagingTestBed();

  beforeAll(() => bed.start(), 60_000);
  afterAll(() => bed.stop(), 30_000);

  const firstDelivery = (stackId: string, what: string, timeoutMs = 10_000): Promise<Delivery> =>
    waitUntil(what, async () => bed.log.about(StackStatusChanged, stackId)[0], timeoutMs, 50);

  it('relays a committed event from the outbox to the handler, with its ids and producer', async () => {
    const change = statusChange();

    const committed = await bed.unitOfWork.run(null, (tx) => tx.publish(StackStatusChanged, change, change.stackId));

    expect(committed).toBe(true);
    const delivery = await firstDelivery(change.stackId, 'the event to reach its handler');
    expect(delivery.body).toEqual(change);
    expect(delivery.meta).toEqual({
      messageId: expect.stringMatching(UUID),
      routingKey: StackStatusChanged.routingKey,
      correlationId: change.stackId,
      causationId: null,
      producer: APP,
      attempt: 0,
    });
    await waitUntil('the outbox to be emptied by the relay', async () => (await bed.outboxRows()) === 0, 10_000, 50);
  });

  it('publishes nothing from a transaction that rolled back', async () => {
    const doomed = statusChange();
    const marker = statusChange();

    await expect(
      bed.unitOfWork.run(null, async (tx) => {
        await tx.publish(StackStatusChanged, doomed, doomed.stackId);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    // A later committed event overtakes nothing: once it has arrived (plus a margin), the doomed one would have too.
    await bed.unitOfWork.run(null, (tx) => tx.publish(StackStatusChanged, marker, marker.stackId));
    await firstDelivery(marker.stackId, 'the committed marker event');
    await sleep(300);

    expect(bed.log.about(StackStatusChanged, doomed.stackId)).toHaveLength(0);
    expect(await bed.outboxRows(doomed.stackId)).toBe(0);
  });

  it('runs before-commit steps after the work, in order, inside the transaction', async () => {
    const fromWork = statusChange('CREATE_IN_PROGRESS');
    const fromStep = statusChange('CREATE_COMPLETE');
    const order: string[] = [];
    await bed.unitOfWork.run(null, async (tx) => {
      tx.beforeCommit(async () => {
        order.push('first step');
        await tx.publish(StackStatusChanged, fromStep, fromStep.stackId);
      });
      tx.beforeCommit(async () => {
        order.push('second step');
      });
      order.push('work');
      await tx.publish(StackStatusChanged, fromWork, fromWork.stackId);
    });
    expect(order).toEqual(['work', 'first step', 'second step']);
    await firstDelivery(fromWork.stackId, 'the event the work published');
    await firstDelivery(fromStep.stackId, 'the event a before-commit step published');

    const doomed = statusChange();
    await expect(
      bed.unitOfWork.run(null, async (tx) => {
        await tx.publish(StackStatusChanged, doomed, doomed.stackId);
        tx.beforeCommit(async () => {
          throw new Error('step failed');
        });
      }),
    ).rejects.toThrow('step failed');
    expect(await bed.outboxRows(doomed.stackId)).toBe(0);
  });

  it('handles a redelivered message id only once (the inbox)', async () => {
    const request: StackDeleteRequestedV1 = { stackId: randomUUID(), requestedAt: new Date().toISOString() };
    const messageId = randomUUID();
    const outcomes: boolean[] = [];
    let sideEffects = 0;
    bed.log.reactTo(StackDeleteRequested, request.stackId, async ({ meta }) => {
      outcomes.push(
        await bed.unitOfWork.run(meta, async (tx) => {
          sideEffects++;
          await tx.publish(StackStatusChanged, { ...statusChange('DELETE_IN_PROGRESS'), stackId: request.stackId });
        }),
      );
    });

    const bytes = Buffer.from(JSON.stringify(request));
    for (let copy = 0; copy < 2; copy++) {
      await bed.publishRaw(StackDeleteRequested.routingKey, bytes, {
        messageId,
        correlationId: request.stackId,
        type: StackDeleteRequested.routingKey,
      });
    }

    await waitUntil('both copies to be handled', async () => outcomes.length === 2, 10_000, 50);
    expect(bed.log.about(StackDeleteRequested, request.stackId)).toHaveLength(2);
    expect([...outcomes].sort()).toEqual([false, true]);
    expect(sideEffects).toBe(1);
    expect(await bed.inboxRows(messageId)).toBe(1);
    const followUp = await firstDelivery(request.stackId, 'the event published by the one handling');
    expect(followUp.meta).toMatchObject({ causationId: messageId, correlationId: request.stackId, producer: APP });
    await waitUntil(
      'the outbox to be emptied by the relay',
      async () => (await bed.outboxRows(request.stackId)) === 0,
      10_000,
      50,
    );
    expect(bed.log.about(StackStatusChanged, request.stackId)).toHaveLength(1);
  });

  it('applies a batch of messages in one transaction: seen ones skipped, events relayed in order with their causes', async () => {
    const stackId = randomUUID();
    const meta = (messageId: string) => ({
      messageId,
      routingKey: StackDeleteRequested.routingKey,
      correlationId: stackId,
      causationId: null,
      producer: 'test',
      attempt: 0,
    });
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()].map(meta);
    await bed.unitOfWork.runMany([first], async (tx, fresh) => {
      for (const incoming of fresh) {
        tx.handling(incoming);
        await tx.publish(StackStatusChanged, { ...statusChange('CREATE_IN_PROGRESS'), stackId });
      }
    });
    let handed: string[] = [];
    // `first` was handled above and `second` comes twice: each new message is applied once.
    await bed.unitOfWork.runMany([first, second, third, second], async (tx, fresh) => {
      handed = fresh.map((incoming) => incoming.messageId);
      for (const incoming of fresh) {
        tx.handling(incoming);
        await tx.publish(StackStatusChanged, {
          ...statusChange(incoming === second ? 'UPDATE_IN_PROGRESS' : 'DELETE_IN_PROGRESS'),
          stackId,
        });
      }
    });
    expect(handed).toEqual([second.messageId, third.messageId]);
    expect(await bed.inboxRows(second.messageId)).toBe(1);
    await waitUntil(
      'the three events',
      async () => bed.log.about(StackStatusChanged, stackId).length === 3,
      10_000,
      50,
    );
    const deliveries = bed.log.about(StackStatusChanged, stackId);
    expect(deliveries.map((delivery) => (delivery.body as StackStatusChangedV1).status)).toEqual([
      'CREATE_IN_PROGRESS',
      'UPDATE_IN_PROGRESS',
      'DELETE_IN_PROGRESS',
    ]);
    expect(deliveries.map((delivery) => delivery.meta.causationId)).toEqual([
      first.messageId,
      second.messageId,
      third.messageId,
    ]);
  });

  it('retries a handler that fails twice and then succeeds', async () => {
    const change = statusChange();
    bed.log.reactTo(StackStatusChanged, change.stackId, ({ meta }) => {
      if (meta.attempt < 2) throw new Error(`not yet (attempt ${meta.attempt})`);
    });

    await bed.unitOfWork.run(null, (tx) => tx.publish(StackStatusChanged, change, change.stackId));

    const attempts = () => bed.log.about(StackStatusChanged, change.stackId).map((delivery) => delivery.meta);
    await waitUntil('the third attempt', async () => attempts().length === 3, 15_000, 50);
    expect(attempts().map((meta) => meta.attempt)).toEqual([0, 1, 2]);
    expect(new Set(attempts().map((meta) => meta.messageId)).size).toBe(1);
    expect(
      attempts().every(
        (meta) => meta.routingKey === StackStatusChanged.routingKey && meta.correlationId === change.stackId,
      ),
    ).toBe(true);
    expect(bed.deadLettered(attempts()[0].messageId)).toBeUndefined();
  });

  it('parks a message whose handler keeps failing in the dead-letter queue with the last error', async () => {
    const change = statusChange();
    const messageId = randomUUID();
    bed.log.reactTo(StackStatusChanged, change.stackId, () => {
      throw new Error('the cloud is on fire');
    });

    // Published by routing key alone, as any AMQP producer may: the key must survive the trips through delay queues.
    await bed.publishRaw(StackStatusChanged.routingKey, Buffer.from(JSON.stringify(change)), {
      messageId,
      correlationId: change.stackId,
    });

    const parked = await waitUntil(
      'the message in the dead-letter queue',
      async () => bed.deadLettered(messageId),
      15_000,
      50,
    );
    expect(bed.log.about(StackStatusChanged, change.stackId).map((delivery) => delivery.meta.attempt)).toEqual([
      0, 1, 2,
    ]);
    expect(parked.fields.routingKey).toBe(appQueueNames(APP).deadLetterQueue);
    expect(parked.properties.headers).toMatchObject({
      'x-last-error': 'the cloud is on fire',
      'x-attempt': MAX_ATTEMPTS,
    });
    expect(JSON.parse(parked.content.toString('utf8'))).toEqual(change);
  });

  it('sends a body that breaks its contract straight to the dead-letter queue, without calling the handler', async () => {
    const broken = { ...statusChange(), status: '', unexpected: true };
    const messageId = randomUUID();

    await bed.publishRaw(StackStatusChanged.routingKey, Buffer.from(JSON.stringify(broken)), {
      messageId,
      type: StackStatusChanged.routingKey,
    });

    const parked = await waitUntil(
      'the message in the dead-letter queue',
      async () => bed.deadLettered(messageId),
      10_000,
      50,
    );
    expect(JSON.parse(parked.content.toString('utf8'))).toEqual(broken);
    expect(parked.properties.headers?.['x-death']?.[0]).toMatchObject({
      reason: 'rejected',
      queue: appQueueNames(APP).queue,
    });
    expect(bed.log.about(StackStatusChanged, broken.stackId)).toHaveLength(0);
  });

  it('relays and consumes again after the AMQP connection dropped', async () => {
    const dropped = await bed.rabbit.connected();
    await dropped.close();
    const change = statusChange();

    await bed.unitOfWork.run(null, (tx) => tx.publish(StackStatusChanged, change, change.stackId));

    const delivery = await firstDelivery(change.stackId, 'the event published after the drop', 15_000);
    expect(delivery.body).toEqual(change);
    expect(await bed.rabbit.connected()).not.toBe(dropped);
    await waitUntil(
      'the outbox to be emptied by the relay',
      async () => (await bed.outboxRows(change.stackId)) === 0,
      10_000,
      50,
    );
  });
});
