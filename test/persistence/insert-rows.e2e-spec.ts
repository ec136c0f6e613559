import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';

import { CloudOperation, insertRows, Stack, StackEvent } from '../../libs/persistence/src';
import { ScratchDatabase, scratchDatabase } from '../support/scratch-database';

/**
 * The multi-row INSERT that stands in for TypeORM's insert builder where hundreds of rows go in together, against
 * real MariaDB: rows read back as TypeORM wrote them, SQL expressions, defaults, INSERT IGNORE.
 */
describe('insertRows', () => {
  let scratch: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    scratch = await scratchDatabase('insert_rows', { poolSize: 2 });
    dataSource = scratch.dataSource;
  });

  afterAll(async () => {
    await scratch.drop();
  });

  function operation(overrides: Partial<CloudOperation> = {}): CloudOperation {
    const at = new Date('2026-12-06T21:30:00.123Z');
    return {
      operationId: randomUUID(),
      stackId: randomUUID(),
      logicalId: 'Web',
      resourceType: 'AWS::EC2::Instance',
      action: 'CREATE',
      status: 'PENDING',
      jobId: null,
      physicalId: null,
      attributes: null,
      error: null,
      createdAt: at,
      updatedAt: at,
      leaseOwner: 'worker-1',
      leaseExpiresAt: null,
      request: { properties: { ImageId: 'debian-12', Tags: [{ Key: 'a', Value: 'b' }] } },
      ...overrides,
    };
  }

  it('writes rows that TypeORM reads back as it would have written them (JSON, dates, NULLs)', async () => {
    const rows = [
      operation(),
      operation({ attributes: { PrivateIp: '10.0.0.1' }, error: 'it\'s "quoted"', physicalId: 'vm-1' }),
    ];
    const result = await insertRows(dataSource.manager, CloudOperation, rows);
    expect(result.affectedRows).toBe(2);
    const stored = await dataSource
      .getRepository(CloudOperation)
      .findBy(rows.map((row) => ({ operationId: row.operationId })));
    const byId = new Map(stored.map((row) => [row.operationId, row]));
    for (const row of rows) expect(byId.get(row.operationId)).toEqual(row);
  });

  it('takes a function as an SQL expression, and leaves columns no row gives to their default', async () => {
    const row = operation();
    const { leaseExpiresAt: _, attributes: __, ...withoutSome } = row;
    await insertRows(dataSource.manager, CloudOperation, [
      { ...withoutSome, leaseExpiresAt: () => 'UTC_TIMESTAMP(3) + INTERVAL 1 HOUR' },
    ]);
    const [stored] = await dataSource.query(
      'SELECT attributes, lease_expires_at > UTC_TIMESTAMP(3) + INTERVAL 50 MINUTE AS later FROM cloud_operations WHERE operation_id = ?',
      [row.operationId],
    );
    expect(stored).toEqual({ attributes: null, later: 1 });
  });

  it('skips rows already there with ignore, and counts only those it wrote', async () => {
    const first = operation();
    await insertRows(dataSource.manager, CloudOperation, [first]);
    const again = { ...first, logicalId: 'Changed' };
    const fresh = operation();
    const result = await insertRows(dataSource.manager, CloudOperation, [again, fresh], { ignore: true });
    expect(result.affectedRows).toBe(1);
    const stored = await dataSource.getRepository(CloudOperation).findOneByOrFail({ operationId: first.operationId });
    expect(stored.logicalId).toBe('Web');
  });

  it('keeps the order of the rows in the generated keys (stack events keep their order by seq)', async () => {
    const stackId = randomUUID();
    const events = Array.from({ length: 300 }, (_, i) => ({
      eventId: randomUUID(),
      stackId,
      stackName: 'ordered',
      logicalId: `R${i}`,
      physicalId: '',
      resourceType: 'AWS::EC2::Instance',
      status: 'CREATE_IN_PROGRESS',
      statusReason: null,
      resourceProperties: null,
      timestamp: new Date(),
      clientRequestToken: null,
    }));
    await insertRows(dataSource.manager, StackEvent, events);
    const stored = await dataSource.getRepository(StackEvent).find({ where: { stackId }, order: { seq: 'ASC' } });
    expect(stored.map((event) => event.logicalId)).toEqual(events.map((event) => event.logicalId));
  });

  it('refuses an entity with columns TypeORM fills in itself (a version column)', async () => {
    await expect(insertRows(dataSource.manager, Stack, [{ id: randomUUID() }])).rejects.toThrow(/TypeORM maintains/);
  });
});
