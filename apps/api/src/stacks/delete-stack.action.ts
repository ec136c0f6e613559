import { StackDeleteRequested } from '@cfn/contracts';
import { StackRequest, StackResource } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';

import { CallerIdentity, isListPresent, QueryParams, readStringList, validationError } from '../protocol';
import { readClientRequestToken } from '../request-tokens/client-request-token';
import { ClientRequestTokens } from '../request-tokens/client-request-tokens';
import { QueryAction } from './query-action';
import { requiredParam } from './required-param';
import { StackDirectory } from './stack-directory';
import { isDeleted, stackStatus, StackView } from './stack-view';

/**
 * DeleteStack: asks the planner to tear the stack down. Like AWS, deleting a stack that does not exist succeeds.
 * RetainResources is accepted only for a stack in DELETE_FAILED; a retried request (same ClientRequestToken)
 * does not start a second delete.
 */
@Injectable()
export class DeleteStackAction implements QueryAction {
  readonly action = 'DeleteStack';

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ClientRequestTokens) private readonly tokens: ClientRequestTokens,
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const token = readClientRequestToken(params);
    const retainResources = isListPresent(params, 'RetainResources')
      ? readStringList(params, 'RetainResources')
      : undefined;
    const view = await this.stacks.find(caller, requiredParam(params, 'StackName'));
    if (!view || isDeleted(view)) return undefined;
    if (await this.tokens.seen(caller, this.action, token, view.request.stackId)) return undefined;
    refuseDuringUpdate(view);
    if (retainResources?.length) await this.checkRetainable(view, retainResources);
    const requestedAt = new Date();
    if (view.request.inReview && !view.state) {
      // Made by a CREATE change set never executed: nothing exists but the name, which is freed (ADR 0019).
      await this.dataSource
        .getRepository(StackRequest)
        .update({ stackId: view.request.stackId }, { deleteRequestedAt: requestedAt, nameLock: null });
      return undefined;
    }
    const stackId = view.request.stackId;
    await this.tokens.once(caller, this.action, token, stackId, async (tx) => {
      await tx.manager.update(StackRequest, { stackId }, { deleteRequestedAt: requestedAt });
      await tx.publish(
        StackDeleteRequested,
        {
          stackId,
          requestedAt: requestedAt.toISOString(),
          requestedBy: caller.requester,
          ...(retainResources?.length ? { retainResources } : {}),
          ...(token ? { clientRequestToken: token } : {}),
        },
        stackId,
      );
    });
    return undefined;
  }

  /** AWS keeps resources only of a stack whose delete failed, and only resources that still exist. */
  private async checkRetainable(view: StackView, logicalIds: string[]): Promise<void> {
    if (stackStatus(view) !== 'DELETE_FAILED') {
      throw validationError(
        `Invalid operation on stack [${view.request.stackArn}]. ` +
          'RetainResources can only be specified when the stack is in the DELETE_FAILED state.',
      );
    }
    const resources = await this.dataSource.getRepository(StackResource).find({
      where: { stackId: view.request.stackId, logicalId: In(logicalIds) },
      select: ['logicalId', 'status'],
    });
    const byId = new Map(resources.map((resource) => [resource.logicalId, resource.status]));
    const unknown = logicalIds.filter((id) => !byId.has(id) || byId.get(id) === null);
    if (unknown.length > 0) {
      throw validationError(`The following resource(s) to retain do not exist in the stack: [${unknown.join(', ')}]`);
    }
    if (logicalIds.some((id) => byId.get(id) === 'DELETE_COMPLETE')) {
      throw validationError(
        'The specified resources to retain must be in a valid state. Do not specify resources that are in the DELETE_COMPLETE state.',
      );
    }
  }
}

/** An update, its rollback or its clean-up is running (or accepted and not yet begun). */
const UPDATE_IN_PROGRESS_STATUSES: ReadonlySet<string> = new Set([
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
]);

/**
 * AWS refuses DeleteStack while an update is running (CancelUpdateStack, or waiting, comes first); so objects an
 * update replaced, waiting for its clean-up, are never left behind by a delete that overtook it.
 */
function refuseDuringUpdate(view: StackView): void {
  const status = stackStatus(view);
  if (UPDATE_IN_PROGRESS_STATUSES.has(status)) {
    throw validationError(`Stack [${view.request.stackArn}] cannot be deleted while in status ${status}`);
  }
}
