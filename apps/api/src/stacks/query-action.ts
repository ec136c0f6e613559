import { CallerIdentity, QueryParams } from '../protocol';

/** One awsQuery action (CreateStack, DescribeStacks, ...): its name and what it answers. */
export interface QueryAction {
  readonly action: string;
  handle(params: QueryParams, caller: CallerIdentity): Promise<Record<string, unknown> | undefined>;
}

export const QUERY_ACTIONS = Symbol('QUERY_ACTIONS');
