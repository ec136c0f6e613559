import { ownerField, StackUpdateRequested } from '@cfn/contracts';
import { Transaction, UnitOfWork } from '@cfn/messaging';
import { isDuplicateKeyError, StackTemplateVersion } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, validationError } from '../protocol';
import { ClientRequestTokens } from '../request-tokens/client-request-tokens';
import { stackStatus, StackView } from '../stacks/stack-view';
import { parsedTemplateField } from '../templates/parsed-template-field';
import { StackUpdateInputs } from './stack-update-inputs';

/** Settled statuses from which AWS lets a stack be updated. */
export const UPDATABLE_STATUSES: ReadonlySet<string> = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
]);

/** AWS's refusal of an update (or change set) while the stack is in another operation. */
export function refuseUnlessUpdatable(view: StackView): void {
  const status = stackStatus(view);
  if (!UPDATABLE_STATUSES.has(status)) {
    throw validationError(`Stack:${view.request.stackArn} is in ${status} state and can not be updated.`);
  }
}

/**
 * Records an update's inputs as the stack's next template version and emits stack.update.requested in one
 * transaction. The version's primary key makes two updates racing for one stack fail but one.
 */
@Injectable()
export class StackUpdateSubmitter {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(ClientRequestTokens) private readonly tokens: ClientRequestTokens,
  ) {}

  async submit(
    caller: CallerIdentity,
    view: StackView,
    inputs: StackUpdateInputs,
    options: { disableRollback: boolean; capabilities: string[]; action: string; clientRequestToken?: string },
    also?: (tx: Transaction) => Promise<void>,
  ): Promise<number> {
    const versions = this.unitOfWork.dataSource.getRepository(StackTemplateVersion);
    const latest = await versions.findOne({ where: { stackId: view.request.stackId }, order: { version: 'DESC' } });
    const version = (latest?.version ?? 0) + 1;
    const requestedAt = new Date();
    try {
      // A retried call (same ClientRequestToken) that raced past the action's own check does nothing twice.
      await this.tokens.once(caller, options.action, options.clientRequestToken, view.request.stackId, async (tx) => {
        await tx.manager.insert(StackTemplateVersion, {
          stackId: view.request.stackId,
          version,
          templateBody: inputs.templateBody,
          parameters: inputs.parameters,
          tags: inputs.tags,
          disableRollback: options.disableRollback,
          createdAt: requestedAt,
        });
        await tx.publish(
          StackUpdateRequested,
          {
            stackId: view.request.stackId,
            stackArn: view.request.stackArn,
            stackName: view.request.stackName,
            accountId: view.request.accountId,
            region: view.request.region,
            version,
            templateBody: inputs.templateBody,
            ...ownerField(view.request.owner),
            requestedBy: caller.requester,
            ...parsedTemplateField(inputs.checked.template),
            parameters: inputs.parameters,
            noEchoParameters: inputs.checked.noEchoParameters,
            tags: inputs.tags,
            capabilities: options.capabilities,
            disableRollback: options.disableRollback,
            requestedAt: requestedAt.toISOString(),
            ...(options.clientRequestToken ? { clientRequestToken: options.clientRequestToken } : {}),
          },
          view.request.stackId,
        );
        if (also) await also(tx);
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      throw validationError(`Stack:${view.request.stackArn} is in UPDATE_IN_PROGRESS state and can not be updated.`);
    }
    return version;
  }
}
