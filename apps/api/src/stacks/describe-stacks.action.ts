import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams, readString } from '../protocol';
import { paginate } from './next-token';
import { QueryAction } from './query-action';
import { StackDirectory } from './stack-directory';
import { stackShape } from './stack-shapes';

/** DescribeStacks: one stack by name or ARN (deleted ones by ARN only), or every live stack of the account. */
@Injectable()
export class DescribeStacksAction implements QueryAction {
  readonly action = 'DescribeStacks';

  constructor(@Inject(StackDirectory) private readonly stacks: StackDirectory) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const name = readString(params, 'StackName');
    if (name) return { Stacks: [stackShape(await this.stacks.require(caller, name))] };
    const { page, NextToken } = paginate(await this.stacks.live(caller), params, 100);
    return { Stacks: page.map(stackShape), NextToken };
  }
}
