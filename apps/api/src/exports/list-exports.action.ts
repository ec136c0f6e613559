import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CallerIdentity, QueryParams } from '../protocol';
import { paginate } from '../stacks/next-token';
import { QueryAction } from '../stacks/query-action';

/** ListExports: every value the account's stacks export in the caller's region, with the exporting stack's id. */
@Injectable()
export class ListExportsAction implements QueryAction {
  readonly action = 'ListExports';

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const rows: Array<{ name: string; value: string; arn: string }> = await this.dataSource.query(
      `SELECT e.name, e.value, s.arn FROM stack_exports e JOIN stacks s ON s.id = e.stack_id
       WHERE e.account_id = ? AND e.region = ? ORDER BY e.name`,
      [caller.accountId, caller.region],
    );
    const { page, NextToken } = paginate(rows, params, 100);
    return { Exports: page.map((row) => ({ ExportingStackId: row.arn, Name: row.name, Value: row.value })), NextToken };
  }
}
