import { AuditRecord } from '@cfn/persistence';
import { WriteCoalescer } from '@cfn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One record as the controller hands it over (the id is the database's). */
export type AuditRow = Omit<AuditRecord, 'id' | 'payload'> & { payload: object };

/** Records appended with one statement at most. */
const MAX_BATCH = 200;
/** Statements in flight at once; records arriving meanwhile wait for the next one. */
const MAX_CONCURRENT_FLUSHES = 2;

/**
 * Appends audit records: those of the messages delivered together (a 500-resource stack sends its requests and
 * outcomes in bursts) go in with one multi-row INSERT IGNORE, one commit, instead of one each. The unique message
 * id still makes a redelivered message change nothing. A message is acknowledged once its record is committed.
 */
@Injectable()
export class AuditLogWriter {
  private readonly coalescer: WriteCoalescer<AuditRow, undefined>;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.coalescer = new WriteCoalescer(
      async (records) => {
        await dataSource.createQueryBuilder().insert().into(AuditRecord).values(records).orIgnore().execute();
        return records.map(() => undefined);
      },
      { maxBatch: MAX_BATCH, maxConcurrentFlushes: MAX_CONCURRENT_FLUSHES },
    );
  }

  async append(record: AuditRow): Promise<void> {
    await this.coalescer.submit(record);
  }
}
