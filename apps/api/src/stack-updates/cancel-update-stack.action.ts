import { Inject, Injectable } from '@nestjs/common';
import { StackUpdateCancelRequested } from '@cfn/contracts';
import { UnitOfWork } from '@cfn/messaging';
import { StackRequest } from '@cfn/persistence';
import { CallerIdentity, QueryParams, validationError } from '../protocol';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';
import { stackStatus } from '../stacks/stack-view';

/** CancelUpdateStack: an update in progress rolls back. AWS refuses it in any other state. */
@Injectable()
export class CancelUpdateStackAction implements QueryAction {
  readonly action = 'CancelUpdateStack';

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const view = await this.stacks.require(caller, requiredParam(params, 'StackName'));
    const status = stackStatus(view);
    if (status !== 'UPDATE_IN_PROGRESS') {
      throw validationError(`CancelUpdateStack cannot be called from current stack status ${status}.`);
    }
    const requestedAt = new Date();
    await this.unitOfWork.run(null, async (tx) => {
      await tx.manager.update(StackRequest, { stackId: view.request.stackId }, { rollbackRequestedAt: requestedAt });
      await tx.publish(StackUpdateCancelRequested, {
        stackId: view.request.stackId, requestedAt: requestedAt.toISOString(),
      }, view.request.stackId);
    });
    return undefined;
  }
}
