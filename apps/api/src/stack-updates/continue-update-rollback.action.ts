import { Inject, Injectable } from '@nestjs/common';
import { StackRollbackContinueRequested } from '@cfn/contracts';
import { UnitOfWork } from '@cfn/messaging';
import { StackRequest } from '@cfn/persistence';
import { CallerIdentity, QueryParams, readStringList, validationError } from '../protocol';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';
import { stackStatus } from '../stacks/stack-view';

/** ContinueUpdateRollback: a stack in UPDATE_ROLLBACK_FAILED tries its rollback again, skipping ResourcesToSkip. */
@Injectable()
export class ContinueUpdateRollbackAction implements QueryAction {
  readonly action = 'ContinueUpdateRollback';

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const view = await this.stacks.require(caller, requiredParam(params, 'StackName'));
    const status = stackStatus(view);
    if (status !== 'UPDATE_ROLLBACK_FAILED') {
      throw validationError(`Stack ${view.request.stackArn} is in ${status} state and can not continue update rollback.`);
    }
    const requestedAt = new Date();
    await this.unitOfWork.run(null, async (tx) => {
      await tx.manager.update(StackRequest, { stackId: view.request.stackId }, { rollbackRequestedAt: requestedAt });
      await tx.publish(StackRollbackContinueRequested, {
        stackId: view.request.stackId, resourcesToSkip: readStringList(params, 'ResourcesToSkip'), requestedAt: requestedAt.toISOString(),
      }, view.request.stackId);
    });
    return {};
  }
}
