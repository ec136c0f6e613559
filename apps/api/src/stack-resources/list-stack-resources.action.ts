import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams } from '../protocol';
import { paginate } from '../stacks/next-token';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';
import { stackResourceSummaryShape } from './resource-shapes';
import { StackResourceReader } from './stack-resource-reader';

/** ListStackResources: summaries of a stack's resources, paged. */
@Injectable()
export class ListStackResourcesAction implements QueryAction {
  readonly action = 'ListStackResources';

  constructor(
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
    @Inject(StackResourceReader) private readonly reader: StackResourceReader,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const view = await this.stacks.require(caller, requiredParam(params, 'StackName'));
    const { page, NextToken } = paginate(await this.reader.ofStack(view), params, 100);
    return { StackResourceSummaries: page.map((resource) => stackResourceSummaryShape(view, resource)), NextToken };
  }
}
