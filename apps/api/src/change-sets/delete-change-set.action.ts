import { ChangeSet } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CallerIdentity, invalidChangeSetStatus, QueryParams } from '../protocol';
import { QueryAction } from '../stacks/query-action';
import { ChangeSetDirectory } from './change-set-directory';

/** DeleteChangeSet: removes a change set that was not executed. */
@Injectable()
export class DeleteChangeSetAction implements QueryAction {
  readonly action = 'DeleteChangeSet';

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ChangeSetDirectory) private readonly changeSets: ChangeSetDirectory,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const { changeSet } = await this.changeSets.require(params, caller);
    if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
      throw invalidChangeSetStatus(
        `Cannot delete ChangeSet ${changeSet.arn} because it is in EXECUTE_IN_PROGRESS status`,
      );
    }
    await this.dataSource.getRepository(ChangeSet).delete({ id: changeSet.id });
    return {};
  }
}
