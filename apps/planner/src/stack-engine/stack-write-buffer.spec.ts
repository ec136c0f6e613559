import { Transaction } from '@cfn/messaging';
import { insertRows, StackEvent } from '@cfn/persistence';

import { StackWriteBuffer } from './stack-write-buffer';

// Events go out through insertRows (one multi-row INSERT); here it hands the rows to the recording manager.
jest.mock('@cfn/persistence', () => ({
  ...jest.requireActual('@cfn/persistence'),
  insertRows: jest.fn(
    async (
      manager: { insert: (entity: unknown, rows: unknown[]) => Promise<void> },
      entity: unknown,
      rows: unknown[],
    ) => {
      await manager.insert(entity, rows);
      return { affectedRows: rows.length };
    },
  ),
}));

/** A transaction that records its statements and runs its before-commit steps when `commit` is called. */
function recordingTransaction() {
  const statements: Array<{
    kind: 'insert' | 'update';
    rows?: unknown[];
    where?: unknown;
    values?: Record<string, unknown>;
  }> = [];
  const steps: Array<() => Promise<void>> = [];
  const tx = {
    manager: {
      insert: async (_entity: unknown, rows: unknown[]) => {
        statements.push({ kind: 'insert', rows: [...rows] });
      },
      update: async (_entity: unknown, where: unknown, values: Record<string, () => string>) => {
        statements.push({ kind: 'update', where, values: { incompleteResources: values.incompleteResources() } });
      },
    },
    beforeCommit: (step: () => Promise<void>) => steps.push(step),
    publish: async () => undefined,
  } as unknown as Transaction;
  const commit = async () => {
    for (const step of steps) await step();
  };
  return { tx, statements, steps, commit };
}

function event(logicalId: string, status: string): Omit<StackEvent, 'seq'> {
  return {
    eventId: `${logicalId}-${status}`,
    stackId: 's1',
    stackName: 'stack',
    logicalId,
    physicalId: '',
    resourceType: 'AWS::EC2::Instance',
    status,
    statusReason: null,
    resourceProperties: null,
    timestamp: new Date('2026-12-06T00:00:00Z'),
    clientRequestToken: null,
  };
}

describe('StackWriteBuffer', () => {
  it("writes a transaction's events when it commits, in the order they happened, 200 rows per statement", async () => {
    const { tx, statements, steps, commit } = recordingTransaction();
    const events = Array.from({ length: 450 }, (_, i) => event(`V${i}`, 'CREATE_IN_PROGRESS'));
    events.forEach((row) => StackWriteBuffer.addEvent(tx, row));
    expect(statements).toEqual([]);
    expect(steps).toHaveLength(1);
    await commit();
    expect(statements.map((statement) => statement.rows?.length)).toEqual([200, 200, 50]);
    expect(statements.flatMap((statement) => statement.rows)).toEqual(events);
    expect(insertRows).toHaveBeenCalledWith(expect.anything(), StackEvent, expect.any(Array));
  });

  it('sums the count changes of a stack into one UPDATE, written before the events', async () => {
    const { tx, statements, commit } = recordingTransaction();
    StackWriteBuffer.addToIncompleteCount(tx, 's1', -1);
    StackWriteBuffer.addEvent(tx, event('A', 'CREATE_COMPLETE'));
    StackWriteBuffer.addToIncompleteCount(tx, 's1', -1);
    StackWriteBuffer.addToIncompleteCount(tx, 's2', 1);
    StackWriteBuffer.addToIncompleteCount(tx, 's2', -1);
    await commit();
    expect(statements).toEqual([
      { kind: 'update', where: { id: 's1' }, values: { incompleteResources: 'incomplete_resources + (-2)' } },
      { kind: 'insert', rows: [event('A', 'CREATE_COMPLETE')] },
    ]);
  });

  it("writes a stack's pending count change at once when the stack row is about to be read again", async () => {
    const { tx, statements, commit } = recordingTransaction();
    StackWriteBuffer.addToIncompleteCount(tx, 's1', -3);
    await StackWriteBuffer.settleCount(tx, 's1');
    expect(statements).toEqual([
      { kind: 'update', where: { id: 's1' }, values: { incompleteResources: 'incomplete_resources + (-3)' } },
    ]);
    await commit();
    expect(statements).toHaveLength(1);
  });

  it("keeps each transaction's writes apart", async () => {
    const first = recordingTransaction();
    const second = recordingTransaction();
    StackWriteBuffer.addEvent(first.tx, event('A', 'CREATE_IN_PROGRESS'));
    StackWriteBuffer.addEvent(second.tx, event('B', 'CREATE_IN_PROGRESS'));
    await first.commit();
    expect(first.statements.flatMap((statement) => statement.rows)).toEqual([event('A', 'CREATE_IN_PROGRESS')]);
    expect(second.statements).toEqual([]);
  });
});
