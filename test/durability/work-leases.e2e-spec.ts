import { randomUUID } from 'node:crypto';

import { DataSource, In } from 'typeorm';

import { IntentValues, IntentWriter } from '../../apps/provisioner/src/resource-operations/intent-writer';
import { LeasedOperationWriter } from '../../apps/provisioner/src/resource-operations/leased-operation-writer';
import { CloudOperation, LeaseLostError, WorkLeases } from '../../libs/persistence/src';
import { ScratchDatabase, scratchDatabase } from '../support/scratch-database';

/**
 * Leases with heartbeats on the real MariaDB/MySQL: two WorkLeases objects stand for two processes (each has its
 * own owner id), on the provisioner's cloud_operations table.
 */
describe('work leases', () => {
  let scratch: ScratchDatabase;
  let dataSource: DataSource;
  const table = {
    table: 'cloud_operations',
    keyColumn: 'operation_id',
    unfinished: "status IN ('PENDING', 'IN_PROGRESS')",
    writtenColumn: 'updated_at',
  };
  const processes: WorkLeases[] = [];
  const newProcess = (ttlMs = 1_500) => {
    const leases = new WorkLeases(dataSource, table, { ttlMs, pollMs: 100 });
    processes.push(leases);
    return leases;
  };

  beforeAll(async () => {
    scratch = await scratchDatabase('e2e_leases', { poolSize: 10 });
    dataSource = scratch.dataSource;
  });
  afterAll(async () => {
    await Promise.all(processes.map((leases) => leases.stop()));
    await scratch.drop();
  });

  async function operation(status = 'PENDING'): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO cloud_operations (operation_id, stack_id, logical_id, resource_type, action, status, created_at, updated_at, request)
       VALUES (?, ?, 'Vm', 'AWS::EC2::Instance', 'CREATE', ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), '{}')`,
      [id, randomUUID(), status],
    );
    return id;
  }

  const finish = (id: string) =>
    dataSource.query(`UPDATE cloud_operations SET status = 'SUCCEEDED', lease_owner = NULL WHERE operation_id = ?`, [
      id,
    ]);
  const isFinished = (id: string) => async () =>
    (await dataSource.query('SELECT status FROM cloud_operations WHERE operation_id = ?', [id]))[0].status ===
    'SUCCEEDED';

  it('gives a piece of work to one process at a time, and to one handler within a process', async () => {
    const id = await operation();
    const first = newProcess();
    const second = newProcess();
    expect(await first.tryAcquire(id)).not.toBeNull();
    expect(await first.tryAcquire(id)).toBeNull();
    expect(await second.tryAcquire(id)).toBeNull();
    expect(first.heldKeys()).toEqual([id]);
  });

  it("keeps a live holder's lease past its ttl, and a waiting copy reports the holder's result", async () => {
    const id = await operation();
    const holder = newProcess(1_000);
    const copy = newProcess(1_000);
    holder.start();
    expect(await holder.tryAcquire(id)).not.toBeNull();
    const waiting = copy.acquireOrWait(id, isFinished(id));
    // Three ttls pass: the heartbeats keep the lease, so the copy still waits.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await copy.tryAcquire(id)).toBeNull();
    await finish(id);
    await expect(waiting).resolves.toEqual({ kind: 'finished' });
  });

  it('lets another process take over when the holder stops heartbeating; the former holder learns it lost the lease', async () => {
    const id = await operation('IN_PROGRESS');
    const dead = newProcess(1_000);
    const signal = await dead.tryAcquire(id);
    expect(signal).not.toBeNull();
    const survivor = newProcess(1_000);
    expect(await survivor.abandoned()).not.toContain(id);
    // No heartbeat from `dead` (as after kill -9, or a database it cannot reach): its lease runs out.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await survivor.abandoned()).toContain(id);
    const taken = await survivor.acquireOrWait(id, isFinished(id));
    expect(taken.kind).toBe('acquired');

    await dead.heartbeat();
    expect(signal!.aborted).toBe(true);
    expect(signal!.reason).toBeInstanceOf(LeaseLostError);
    await expect(dataSource.transaction((manager) => dead.assertHeld(manager, id))).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    await expect(dataSource.transaction((manager) => survivor.assertHeld(manager, id))).resolves.toBeUndefined();
  });

  it('leaves finished work and freshly written rows out of recovery', async () => {
    const done = await operation('SUCCEEDED');
    const fresh = await operation();
    const sweeper = newProcess(60_000);
    const abandoned = await sweeper.abandoned(1_000);
    expect(abandoned).not.toContain(done);
    expect(abandoned).not.toContain(fresh);
    expect(await sweeper.tryAcquire(done)).toBeNull();
  });

  it('hands a released lease to the next process at once', async () => {
    const id = await operation();
    const first = newProcess(60_000);
    const second = newProcess(60_000);
    expect(await first.tryAcquire(id)).not.toBeNull();
    await first.release(id);
    expect(first.heldKeys()).toEqual([]);
    expect(await second.tryAcquire(id)).not.toBeNull();
  });

  it('writes intents arriving together in one statement, telling new rows from ones already there', async () => {
    const writer = newProcess(60_000);
    const intents = new IntentWriter(dataSource, () => writer.expirySql());
    const intent = (operationId: string): IntentValues =>
      ({
        operationId,
        stackId: randomUUID(),
        logicalId: 'Vm',
        resourceType: 'AWS::EC2::Instance',
        action: 'CREATE',
        status: 'PENDING',
        jobId: null,
        physicalId: null,
        attributes: null,
        error: null,
        createdAt: new Date(),
        updatedAt: new Date(),
        leaseOwner: writer.owner,
        leaseExpiresAt: null,
        request: { operationId },
      }) as IntentValues;
    const earlier = await operation();
    const fresh = Array.from({ length: 30 }, () => randomUUID());
    const queries = jest.spyOn(dataSource, 'query');
    const written = await Promise.all([...fresh, earlier, fresh[0]].map((id) => intents.write(intent(id))));
    const statements = queries.mock.calls.filter(([sql]) => /^INSERT/.test(sql)).length;
    queries.mockRestore();
    // Every new row is this call's (leased from the start); the row already there, and a second copy of a request
    // in the same batch, are not.
    expect(written).toEqual([...fresh.map(() => true), false, false]);
    expect(statements).toBe(1);
    const rows = await dataSource.query(
      `SELECT operation_id, lease_owner, lease_expires_at > UTC_TIMESTAMP(3) AS leased FROM cloud_operations WHERE operation_id IN (?)`,
      [fresh],
    );
    expect(rows).toHaveLength(30);
    expect(
      rows.every(
        (row: { lease_owner: string; leased: number }) => row.lease_owner === writer.owner && Number(row.leased) === 1,
      ),
    ).toBe(true);
  });

  it('writes the changes of operations finishing together in one transaction, each only while its lease is held', async () => {
    const holder = newProcess(60_000);
    const other = newProcess(60_000);
    const held = await Promise.all(Array.from({ length: 20 }, () => operation()));
    const lost = await operation();
    for (const id of held) expect(await holder.tryAcquire(id)).not.toBeNull();
    expect(await other.tryAcquire(lost)).not.toBeNull();
    const writer = new LeasedOperationWriter(dataSource);
    const transactions = jest.spyOn(dataSource, 'transaction');
    // Submitted in an order unlike the rows' key order, as completions come; the heartbeat below runs meanwhile.
    const ids = [...held].reverse();
    const [results] = await Promise.all([
      Promise.all(
        [...ids, lost].map((id) =>
          writer.update(id, holder.owner, { status: 'SUCCEEDED', physicalId: `vm-${id}`, leaseOwner: null }),
        ),
      ),
      holder.heartbeat(),
    ]);
    const batches = transactions.mock.calls.length;
    transactions.mockRestore();
    expect(results).toEqual([...ids.map(() => true), false]);
    expect(batches).toBe(1);
    const rows: Array<{ operation_id: string; status: string; physical_id: string | null }> = await dataSource.query(
      'SELECT operation_id, status, physical_id FROM cloud_operations WHERE operation_id IN (?)',
      [[...held, lost]],
    );
    const byId = new Map(rows.map((row) => [row.operation_id, row]));
    for (const id of held) expect(byId.get(id)).toMatchObject({ status: 'SUCCEEDED', physical_id: `vm-${id}` });
    // The row another process holds is left as it was.
    expect(byId.get(lost)).toMatchObject({ status: 'PENDING', physical_id: null });
  });

  it('applies a batch of different changes as one statement each would, in order, JSON and times intact', async () => {
    const holder = newProcess(60_000);
    const [progressing, finishing] = [await operation(), await operation()];
    for (const id of [progressing, finishing]) expect(await holder.tryAcquire(id)).not.toBeNull();
    const writer = new LeasedOperationWriter(dataSource);
    const at = new Date('2026-12-06T05:00:00.123Z');
    const results = await Promise.all([
      writer.update(progressing, holder.owner, {
        status: 'IN_PROGRESS',
        jobId: 'job-1',
        physicalId: 'vm-1',
        updatedAt: at,
        error: undefined,
      }),
      writer.update(finishing, holder.owner, {
        status: 'SUCCEEDED',
        physicalId: 'vm-2',
        attributes: { PrivateIp: '10.1.1.5', Tags: ['a'] },
        leaseOwner: null,
        leaseExpiresAt: null,
      }),
      // Submitted after the finish gave the lease up: refused, as it would be after the finish's own statement.
      writer.update(finishing, holder.owner, { error: 'too late' }),
    ]);
    expect(results).toEqual([true, true, false]);
    // A change whose only value is undefined changes nothing (as TypeORM's update), yet the lease is still checked.
    expect(await writer.update(progressing, holder.owner, { jobId: undefined })).toBe(true);
    const rows = await dataSource.getRepository(CloudOperation).findBy({ operationId: In([progressing, finishing]) });
    const byId = new Map(rows.map((row) => [row.operationId, row]));
    expect(byId.get(progressing)).toMatchObject({
      status: 'IN_PROGRESS',
      jobId: 'job-1',
      physicalId: 'vm-1',
      updatedAt: at,
      leaseOwner: holder.owner,
      attributes: null,
      error: null,
    });
    expect(byId.get(finishing)).toMatchObject({
      status: 'SUCCEEDED',
      jobId: null,
      physicalId: 'vm-2',
      attributes: { PrivateIp: '10.1.1.5', Tags: ['a'] },
      leaseOwner: null,
      leaseExpiresAt: null,
      error: null,
    });
  });
});
