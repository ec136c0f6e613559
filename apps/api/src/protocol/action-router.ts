import type { CloudStackOwner, Requester } from '@cfn/contracts';

import { CFN_API_VERSION, invalidAction, missingAction } from './aws-error';
import type { QueryParams } from './query-params';

/** Who signed a request. */
export interface CallerIdentity {
  accessKeyId: string;
  /** The 12-digit account number every stack, export and parameter of the caller belongs to. */
  accountId: string;
  region: string;
  /** May address other accounts' stacks by ARN (an operator credential or a CloudStack root administrator). */
  isAdmin: boolean;
  /** The CloudStack user the caller is; stacks it creates act as this user. Absent for the service's own credentials. */
  owner?: CloudStackOwner;
  /** Who asked, as request messages carry it to the audit log. */
  requester: Requester;
}

/** Returns the operation's output shape, or undefined for operations without one (e.g. DeleteStack). */
export type QueryActionHandler = (
  params: Record<string, string>,
  caller: CallerIdentity,
) => Promise<Record<string, unknown> | undefined>;

/** Maps the awsQuery `Action` parameter to its handler. */
export class QueryActionRouter {
  private readonly handlers = new Map<string, QueryActionHandler>();

  register(action: string, handler: QueryActionHandler): this {
    if (this.handlers.has(action)) throw new Error(`Duplicate handler for action ${action}`);
    this.handlers.set(action, handler);
    return this;
  }

  has(action: string): boolean {
    return this.handlers.has(action);
  }

  actions(): string[] {
    return [...this.handlers.keys()].sort();
  }

  /**
   * Resolves `Action` (and checks `Version` when given) to a handler; throws MissingAction / InvalidAction
   * as AWS does. Exposed separately from `dispatch` so callers can learn the action name before running it.
   */
  resolve(params: QueryParams): { action: string; handler: QueryActionHandler } {
    const action = Object.prototype.hasOwnProperty.call(params, 'Action') ? params.Action : undefined;
    if (action === undefined || action === '') throw missingAction();
    const version = Object.prototype.hasOwnProperty.call(params, 'Version') ? params.Version : undefined;
    if (version !== undefined && version !== CFN_API_VERSION) throw invalidAction(action, version);
    const handler = this.handlers.get(action);
    if (!handler) throw invalidAction(action, version ?? CFN_API_VERSION);
    return { action, handler };
  }

  async dispatch(
    params: QueryParams,
    caller: CallerIdentity,
  ): Promise<{ action: string; result: Record<string, unknown> | undefined }> {
    const { action, handler } = this.resolve(params);
    return { action, result: await handler(params, caller) };
  }
}
