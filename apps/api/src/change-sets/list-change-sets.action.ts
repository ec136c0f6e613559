import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams } from '../protocol';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';
import { ChangeSetDirectory } from './change-set-directory';
import { changeSetSummaryShape } from './change-set-shapes';

/** ListChangeSets: the stack's change sets, newest first. */
@Injectable()
export class ListChangeSetsAction implements QueryAction {
  readonly action = 'ListChangeSets';

  constructor(
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
    @Inject(ChangeSetDirectory) private readonly changeSets: ChangeSetDirectory,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const view = await this.stacks.require(caller, requiredParam(params, 'StackName'));
    const changeSets = await this.changeSets.ofStack(view.request.stackId);
    return { Summaries: changeSets.map((changeSet) => changeSetSummaryShape(changeSet, view)) };
  }
}
