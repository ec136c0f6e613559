import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams } from '../protocol';
import { QueryAction } from '../stacks/query-action';
import { ChangeSetDirectory } from './change-set-directory';
import { changeSetShape } from './change-set-shapes';

/** DescribeChangeSet: status, inputs and the resource changes (all on one page). */
@Injectable()
export class DescribeChangeSetAction implements QueryAction {
  readonly action = 'DescribeChangeSet';

  constructor(@Inject(ChangeSetDirectory) private readonly changeSets: ChangeSetDirectory) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const { changeSet, view } = await this.changeSets.require(params, caller);
    return changeSetShape(changeSet, view);
  }
}
