import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams, readStringList } from '../protocol';
import { paginate } from './next-token';
import { QueryAction } from './query-action';
import { StackDirectory } from './stack-directory';
import { stackSummaryShape } from './stack-shapes';
import { stackStatus } from './stack-view';

/** ListStacks: every stack including deleted ones, optionally filtered by StackStatusFilter. */
@Injectable()
export class ListStacksAction implements QueryAction {
  readonly action = 'ListStacks';

  constructor(@Inject(StackDirectory) private readonly stacks: StackDirectory) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const filter = new Set(readStringList(params, 'StackStatusFilter'));
    const views = (await this.stacks.all(caller)).filter((view) => filter.size === 0 || filter.has(stackStatus(view)));
    const { page, NextToken } = paginate(views, params, 100);
    return { StackSummaries: page.map(stackSummaryShape), NextToken };
  }
}
