import { BatchTransaction, IncomingMessageMeta, Transaction, UnitOfWork } from '@cfn/messaging';

import { OutcomeReporter } from './outcome-reporter';

function meta(messageId: string): IncomingMessageMeta {
  return {
    messageId,
    routingKey: 'resource.create.requested.v1',
    correlationId: 'stack-1',
    causationId: null,
    producer: 'planner',
    attempt: 0,
  };
}

/** A unit of work that records what each transaction published; `failBatches` makes every multi-message one fail. */
class RecordingUnitOfWork {
  readonly batches: string[][] = [];
  readonly singles: string[] = [];
  readonly published: Array<{ causedBy: string; logicalId: string }> = [];
  failBatches = false;
  failSingle = new Set<string>();

  async runMany(
    incoming: IncomingMessageMeta[],
    work: (tx: BatchTransaction, fresh: IncomingMessageMeta[]) => Promise<void>,
  ) {
    this.batches.push(incoming.map((m) => m.messageId));
    if (this.failBatches && incoming.length > 1) throw new Error('deadlock');
    let current = '';
    const tx = {
      handling: (m: IncomingMessageMeta) => {
        current = m.messageId;
      },
      publish: async (_contract: unknown, payload: { logicalId: string }) => {
        this.published.push({ causedBy: current, logicalId: payload.logicalId });
      },
    } as unknown as BatchTransaction;
    await work(tx, incoming);
  }

  async run(incoming: IncomingMessageMeta, work: (tx: Transaction) => Promise<void>) {
    this.singles.push(incoming.messageId);
    if (this.failSingle.has(incoming.messageId)) throw new Error(`cannot report ${incoming.messageId}`);
    const tx = {
      publish: async (_contract: unknown, payload: { logicalId: string }) => {
        this.published.push({ causedBy: incoming.messageId, logicalId: payload.logicalId });
      },
    } as unknown as Transaction;
    await work(tx);
    return true;
  }
}

const created = { kind: 'created' as const, physicalId: 'vm-1', attributes: {} };
const request = (logicalId: string) => ({ operationId: `op-${logicalId}`, stackId: 'stack-1', logicalId });

describe('OutcomeReporter', () => {
  it('reports the outcomes finishing together in one transaction, each caused by its own request', async () => {
    const unitOfWork = new RecordingUnitOfWork();
    const reporter = new OutcomeReporter(unitOfWork as unknown as UnitOfWork);
    await Promise.all(['A', 'B', 'C'].map((id) => reporter.report(meta(`m-${id}`), request(id), created)));
    expect(unitOfWork.batches).toEqual([['m-A', 'm-B', 'm-C']]);
    expect(unitOfWork.published).toEqual([
      { causedBy: 'm-A', logicalId: 'A' },
      { causedBy: 'm-B', logicalId: 'B' },
      { causedBy: 'm-C', logicalId: 'C' },
    ]);
  });

  it('reports each outcome on its own when their shared transaction fails, so one bad report fails alone', async () => {
    const unitOfWork = new RecordingUnitOfWork();
    unitOfWork.failBatches = true;
    unitOfWork.failSingle.add('m-B');
    const reporter = new OutcomeReporter(unitOfWork as unknown as UnitOfWork);
    const results = await Promise.allSettled(
      ['A', 'B', 'C'].map((id) => reporter.report(meta(`m-${id}`), request(id), created)),
    );
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('cannot report m-B'));
    expect(unitOfWork.singles).toEqual(['m-A', 'm-B', 'm-C']);
    expect(unitOfWork.published.map((event) => event.logicalId)).toEqual(['A', 'C']);
  });
});
