import { StackRollbackContinueRequested } from '@cfn/contracts';
import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams, readStringList, validationError } from '../protocol';
import { readClientRequestToken } from '../request-tokens/client-request-token';
import { ClientRequestTokens } from '../request-tokens/client-request-tokens';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';
import { stackStatus } from '../stacks/stack-view';
import { requestRollback } from './rollback-request';

/** ContinueUpdateRollback: a stack in UPDATE_ROLLBACK_FAILED tries its rollback again, skipping ResourcesToSkip. */
@Injectable()
export class ContinueUpdateRollbackAction implements QueryAction {
  readonly action = 'ContinueUpdateRollback';

  constructor(
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
    @Inject(ClientRequestTokens) private readonly tokens: ClientRequestTokens,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const clientRequestToken = readClientRequestToken(params);
    const view = await this.stacks.require(caller, requiredParam(params, 'StackName'));
    if (await this.tokens.seen(caller, this.action, clientRequestToken, view.request.stackId)) return {};
    const status = stackStatus(view);
    if (status !== 'UPDATE_ROLLBACK_FAILED') {
      throw validationError(
        `Stack ${view.request.stackArn} is in ${status} state and can not continue update rollback.`,
      );
    }
    await requestRollback(
      this.tokens,
      caller,
      this.action,
      clientRequestToken,
      view.request.stackId,
      async (tx, requestedAt) => {
        await tx.publish(
          StackRollbackContinueRequested,
          {
            stackId: view.request.stackId,
            resourcesToSkip: readStringList(params, 'ResourcesToSkip'),
            requestedAt: requestedAt.toISOString(),
            requestedBy: caller.requester,
            ...(clientRequestToken ? { clientRequestToken } : {}),
          },
          view.request.stackId,
        );
      },
    );
    return {};
  }
}
