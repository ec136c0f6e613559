import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CallerIdentity, QueryParams, validationError } from '../protocol';
import { paginate } from '../stacks/next-token';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';

/** ListImports: the names of the live stacks that import an export; AWS's ValidationError when none does. */
@Injectable()
export class ListImportsAction implements QueryAction {
  readonly action = 'ListImports';

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const exportName = requiredParam(params, 'ExportName');
    const rows: Array<{ name: string }> = await this.dataSource.query(
      `SELECT s.name FROM stack_imports i JOIN stacks s ON s.id = i.stack_id
       WHERE i.account_id = ? AND i.region = ? AND i.export_name = ? AND s.status NOT IN ('DELETE_COMPLETE', 'ROLLBACK_COMPLETE')
       ORDER BY s.name`,
      [caller.accountId, caller.region, exportName],
    );
    if (rows.length === 0) throw validationError(`Export '${exportName}' is not imported by any stack.`);
    const { page, NextToken } = paginate(
      rows.map((row) => row.name),
      params,
      100,
    );
    return { Imports: page, NextToken };
  }
}
