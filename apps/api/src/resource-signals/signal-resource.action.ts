import { WaitConditionSignaled } from '@cfn/contracts';
import { UnitOfWork } from '@cfn/messaging';
import { StackResource } from '@cfn/persistence';
import { hasResourceSignalPolicy } from '@cfn/resources';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { CallerIdentity, QueryParams, validationError } from '../protocol';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';
import { stackStatus } from '../stacks/stack-view';

const STATUSES = ['SUCCESS', 'FAILURE'];

/**
 * SignalResource (what `cfn-signal --stack --resource` and `aws cloudformation signal-resource` send): a signal for
 * an instance or group whose CreationPolicy makes it wait. The signal goes to the planner, which counts it (ADR 29);
 * a resource that waits for none, or a stack that is not being created, is refused in AWS's words.
 */
@Injectable()
export class SignalResourceAction implements QueryAction {
  readonly action = 'SignalResource';
  private readonly logger = new Logger(SignalResourceAction.name);

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const stackName = requiredParam(params, 'StackName');
    const logicalId = requiredParam(params, 'LogicalResourceId');
    const uniqueId = requiredParam(params, 'UniqueId');
    const status = requiredParam(params, 'Status');
    if (!STATUSES.includes(status)) {
      throw validationError(
        `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: ` +
          `Member must satisfy enum value set: [${STATUSES.join(', ')}]`,
      );
    }
    if (uniqueId.length > 64) {
      throw validationError(
        `1 validation error detected: Value '${uniqueId}' at 'uniqueId' failed to satisfy constraint: ` +
          'Member must have length less than or equal to 64',
      );
    }
    const view = await this.stacks.require(caller, stackName);
    const current = stackStatus(view);
    if (current !== 'CREATE_IN_PROGRESS') {
      throw validationError(`Stack ${view.request.stackArn} is in ${current} state and cannot be signaled`);
    }
    const template = view.state?.template as
      { Resources?: Record<string, { Type: string; CreationPolicy?: unknown }> } | undefined;
    if (!template?.Resources?.[logicalId])
      throw validationError(`Resource ${logicalId} does not exist for stack ${stackName}`);
    if (!hasResourceSignalPolicy(template.Resources, logicalId)) {
      throw validationError(
        `Resource ${logicalId} of type ${template.Resources[logicalId].Type} has no CreationPolicy ResourceSignal and cannot be signaled`,
      );
    }
    const resource = await this.unitOfWork.dataSource
      .getRepository(StackResource)
      .findOneBy({ stackId: view.request.stackId, logicalId });
    if (resource?.status && resource.status !== 'CREATE_IN_PROGRESS') {
      throw validationError(`Resource ${logicalId} is in ${resource.status} state and cannot be signaled`);
    }
    await this.unitOfWork.run(null, (tx) =>
      tx.publish(
        WaitConditionSignaled,
        {
          stackId: view.request.stackId,
          handleLogicalId: logicalId,
          uniqueId,
          status: status as 'SUCCESS' | 'FAILURE',
          reason: '',
          data: '',
          receivedAt: new Date().toISOString(),
        },
        view.request.stackId,
      ),
    );
    this.logger.log(`signal ${status} (${uniqueId}) for ${logicalId} of stack ${view.request.stackName}`);
    return undefined;
  }
}
