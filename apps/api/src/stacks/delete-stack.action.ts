import { Inject, Injectable } from '@nestjs/common';
import { StackDeleteRequested } from '@cfn/contracts';
import { UnitOfWork } from '@cfn/messaging';
import { StackRequest } from '@cfn/persistence';
import { CallerIdentity, QueryParams } from '../protocol';
import { QueryAction } from './query-action';
import { requiredParam } from './required-param';
import { StackDirectory } from './stack-directory';
import { isDeleted } from './stack-view';

/** DeleteStack: asks the planner to tear the stack down. Like AWS, deleting a stack that does not exist succeeds. */
@Injectable()
export class DeleteStackAction implements QueryAction {
  readonly action = 'DeleteStack';

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const view = await this.stacks.find(caller, requiredParam(params, 'StackName'));
    if (!view || isDeleted(view)) return undefined;
    const requestedAt = new Date();
    if (view.request.inReview && !view.state) {
      // Made by a CREATE change set never executed: nothing exists but the name, which is freed (ADR 0019).
      await this.unitOfWork.dataSource.getRepository(StackRequest).update(
        { stackId: view.request.stackId }, { deleteRequestedAt: requestedAt, nameLock: null },
      );
      return undefined;
    }
    await this.unitOfWork.run(null, async (tx) => {
      await tx.manager.update(StackRequest, { stackId: view.request.stackId }, { deleteRequestedAt: requestedAt });
      await tx.publish(StackDeleteRequested, { stackId: view.request.stackId, requestedAt: requestedAt.toISOString() },
        view.request.stackId);
    });
    return undefined;
  }
}
