import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';

import { ResourceRowWrites } from '../../apps/planner/src/stack-engine/resource-row-writes';
import { MessageValidator } from '../../libs/contracts/src';
import { OutboxRelay, OutboxWriter, Transaction, UnitOfWork } from '../../libs/messaging/src';
import { StackResource } from '../../libs/persistence/src';
import { ScratchDatabase, scratchDatabase } from '../support/scratch-database';

/**
 * The planner's write-behind for resource rows, against real MySQL: queued changes reach the table before any other
 * statement of their transaction (so no read misses them), many rows go in one UPDATE, and a rolled-back
 * transaction writes nothing.
 */
describe('resource row write-behind', () => {
  let scratch: ScratchDatabase;
  let dataSource: DataSource;
  let unitOfWork: UnitOfWork;

  beforeAll(async () => {
    scratch = await scratchDatabase('row_writes', { poolSize: 2 });
    dataSource = scratch.dataSource;
    unitOfWork = new UnitOfWork('planner', dataSource, new OutboxWriter('planner', new MessageValidator()), {
      kick: () => undefined,
    } as unknown as OutboxRelay);
  });

  afterAll(async () => {
    await scratch.drop();
  });

  async function newRows(count: number): Promise<{ stackId: string; rows: StackResource[] }> {
    const stackId = randomUUID();
    const repository = dataSource.getRepository(StackResource);
    await repository.insert(
      Array.from({ length: count }, (_, i) => ({
        stackId,
        logicalId: `R${i}`,
        resourceType: 'AWS::EC2::Instance',
        status: 'CREATE_IN_PROGRESS',
        updatedAt: new Date(),
      })),
    );
    return { stackId, rows: await repository.find({ where: { stackId }, order: { id: 'ASC' } }) };
  }

  /** UPDATE statements this transaction's connection has run so far (the SHOW itself sends the queue first). */
  async function updatesSoFar(tx: Transaction): Promise<number> {
    const [row] = await tx.manager.query("SHOW SESSION STATUS LIKE 'Com_update'");
    return Number(row.Value);
  }

  it("sends queued changes before the transaction's next statement, many rows in one UPDATE", async () => {
    const { stackId, rows } = await newRows(3);
    await unitOfWork.run(null, async (tx) => {
      const before = await updatesSoFar(tx);
      ResourceRowWrites.add(tx, rows[0].id, {
        status: 'CREATE_COMPLETE',
        physicalId: 'vm-0',
        attributes: { PrivateIp: '10.1.1.1' },
      });
      ResourceRowWrites.add(tx, rows[1].id, { status: 'CREATE_FAILED', statusReason: 'no capacity' });
      ResourceRowWrites.add(tx, rows[2].id, {
        status: 'CREATE_COMPLETE',
        physicalId: 'vm-2',
        deadline: new Date('2026-12-06T10:00:00.123Z'),
      });
      // A read of the same transaction sees them: they went out first, as one statement.
      const seen = await tx.manager.find(StackResource, { where: { stackId }, order: { id: 'ASC' } });
      expect(seen.map((r) => [r.status, r.statusReason, r.physicalId, r.attributes])).toEqual([
        ['CREATE_COMPLETE', null, 'vm-0', { PrivateIp: '10.1.1.1' }],
        ['CREATE_FAILED', 'no capacity', null, null],
        ['CREATE_COMPLETE', null, 'vm-2', null],
      ]);
      expect(seen[2].deadline?.toISOString()).toBe('2026-12-06T10:00:00.123Z');
      expect(await updatesSoFar(tx)).toBe(before + 1);
    });
  });

  it('merges changes to one row, the later value of a column winning, and leaves other columns alone', async () => {
    const { stackId, rows } = await newRows(1);
    await dataSource.getRepository(StackResource).update({ id: rows[0].id }, { operationId: 'op-1' });
    await unitOfWork.run(null, async (tx) => {
      ResourceRowWrites.add(tx, rows[0].id, {
        status: 'CREATE_IN_PROGRESS',
        statusReason: 'waiting',
        phase: 'AWAITING_SIGNALS',
      });
      ResourceRowWrites.add(tx, rows[0].id, { status: 'CREATE_COMPLETE', statusReason: null });
    });
    const [row] = await dataSource.getRepository(StackResource).findBy({ stackId });
    expect([row.status, row.statusReason, row.phase, row.operationId]).toEqual([
      'CREATE_COMPLETE',
      null,
      'AWAITING_SIGNALS',
      'op-1',
    ]);
  });

  it('keeps one queue per database transaction, however the transaction object is wrapped', async () => {
    const { stackId, rows } = await newRows(1);
    await unitOfWork.run(null, async (tx) => {
      const wrapped: Transaction = { ...tx };
      ResourceRowWrites.add(tx, rows[0].id, { status: 'CREATE_IN_PROGRESS', statusReason: 'first' });
      ResourceRowWrites.add(wrapped, rows[0].id, { status: 'CREATE_COMPLETE' });
    });
    const [row] = await dataSource.getRepository(StackResource).findBy({ stackId });
    expect([row.status, row.statusReason]).toEqual(['CREATE_COMPLETE', 'first']);
  });

  it('writes what is still queued when the transaction commits, 200 rows per UPDATE', async () => {
    const { stackId, rows } = await newRows(450);
    let updates = 0;
    await unitOfWork.run(null, async (tx) => {
      const before = await updatesSoFar(tx);
      rows.forEach((row, i) => ResourceRowWrites.add(tx, row.id, { status: 'CREATE_COMPLETE', physicalId: `vm-${i}` }));
      updates = (await updatesSoFar(tx)) - before;
      // Queued after the last statement: only the COMMIT sends it.
      ResourceRowWrites.add(tx, rows[7].id, { statusReason: 'last' });
    });
    expect(updates).toBe(3);
    const stored = await dataSource.getRepository(StackResource).find({ where: { stackId }, order: { id: 'ASC' } });
    expect(stored.every((row, i) => row.status === 'CREATE_COMPLETE' && row.physicalId === `vm-${i}`)).toBe(true);
    expect(stored[7].statusReason).toBe('last');
  });

  it('writes nothing for a transaction that rolls back, and leaves the connection as it was', async () => {
    const { stackId, rows } = await newRows(2);
    await expect(
      unitOfWork.run(null, async (tx) => {
        ResourceRowWrites.add(tx, rows[0].id, { status: 'CREATE_COMPLETE' });
        await tx.manager.query('SELECT 1');
        ResourceRowWrites.add(tx, rows[1].id, { status: 'CREATE_COMPLETE' });
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    const stored = await dataSource.getRepository(StackResource).findBy({ stackId });
    expect(stored.map((row) => row.status)).toEqual(['CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS']);
    // The next transactions on the pool's connections run as usual.
    await unitOfWork.run(null, async (tx) => {
      await tx.manager.update(StackResource, { id: rows[1].id }, { statusReason: 'plain update' });
    });
    expect((await dataSource.getRepository(StackResource).findOneByOrFail({ id: rows[1].id })).statusReason).toBe(
      'plain update',
    );
  });
});
