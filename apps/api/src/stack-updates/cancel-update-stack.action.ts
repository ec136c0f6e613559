import { StackUpdateCancelRequested } from '@cfn/contracts';
import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams, validationError } from '../protocol';
import { readClientRequestToken } from '../request-tokens/client-request-token';
import { ClientRequestTokens } from '../request-tokens/client-request-tokens';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';
import { stackStatus } from '../stacks/stack-view';
import { requestRollback } from './rollback-request';

/** CancelUpdateStack: an update in progress rolls back. AWS refuses it in any other state. */
@Injectable()
export class CancelUpdateStackAction implements QueryAction {
  readonly action = 'CancelUpdateStack';

  constructor(
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
    @Inject(ClientRequestTokens) private readonly tokens: ClientRequestTokens,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const clientRequestToken = readClientRequestToken(params);
    const view = await this.stacks.require(caller, requiredParam(params, 'StackName'));
    if (await this.tokens.seen(caller, this.action, clientRequestToken, view.request.stackId)) return undefined;
    const status = stackStatus(view);
    if (status !== 'UPDATE_IN_PROGRESS') {
      throw validationError(`CancelUpdateStack cannot be called from current stack status ${status}.`);
    }
    await requestRollback(
      this.tokens,
      caller,
      this.action,
      clientRequestToken,
      view.request.stackId,
      async (tx, requestedAt) => {
        await tx.publish(
          StackUpdateCancelRequested,
          {
            stackId: view.request.stackId,
            requestedAt: requestedAt.toISOString(),
            requestedBy: caller.requester,
            ...(clientRequestToken ? { clientRequestToken } : {}),
          },
          view.request.stackId,
        );
      },
    );
    return undefined;
  }
}
