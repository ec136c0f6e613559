import { ownerField, StackCreateRequested } from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { ChangeSet, StackRequest } from '@cfn/persistence';
import { TemplateValidationError } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';
import { Not } from 'typeorm';

import { CallerIdentity, invalidChangeSetStatus, QueryParams, readBoolean, validationError } from '../protocol';
import { readClientRequestToken } from '../request-tokens/client-request-token';
import { ClientRequestTokens } from '../request-tokens/client-request-tokens';
import { refuseUnlessUpdatable, StackUpdateSubmitter } from '../stack-updates/stack-update-submitter';
import { QueryAction } from '../stacks/query-action';
import { StackView } from '../stacks/stack-view';
import { TemplateInputReader } from '../templates/template-input';
import { ChangeSetDirectory } from './change-set-directory';

/**
 * ExecuteChangeSet: a CREATE change set creates its stack (stack.create.requested, as CreateStack), an UPDATE one
 * updates it (as UpdateStack). The stack's other change sets become OBSOLETE.
 */
@Injectable()
export class ExecuteChangeSetAction implements QueryAction {
  readonly action = 'ExecuteChangeSet';

  constructor(
    @Inject(ChangeSetDirectory) private readonly changeSets: ChangeSetDirectory,
    @Inject(TemplateInputReader) private readonly templates: TemplateInputReader,
    @Inject(StackUpdateSubmitter) private readonly submitter: StackUpdateSubmitter,
    @Inject(ClientRequestTokens) private readonly tokens: ClientRequestTokens,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const clientRequestToken = readClientRequestToken(params);
    const { changeSet, view } = await this.changeSets.require(params, caller);
    // A retry of the call that executed this change set succeeds again and does nothing.
    if (await this.tokens.seen(caller, this.action, clientRequestToken, view.request.stackId)) return {};
    if (changeSet.status !== 'CREATE_COMPLETE' || changeSet.executionStatus !== 'AVAILABLE') {
      throw invalidChangeSetStatus(
        `ChangeSet [${changeSet.arn}] cannot be executed in its current status of [${changeSet.status === 'CREATE_COMPLETE' ? changeSet.executionStatus : changeSet.status}]`,
      );
    }
    const disableRollback = readBoolean(params, 'DisableRollback') ?? false;
    const checked = this.check(changeSet, view, caller);
    if (changeSet.changeSetType === 'CREATE') {
      await this.tokens.once(caller, this.action, clientRequestToken, view.request.stackId, async (tx) => {
        await tx.manager.update(
          StackRequest,
          { stackId: view.request.stackId },
          {
            inReview: false,
            templateBody: changeSet.templateBody,
            parameters: changeSet.parameters,
            tags: changeSet.tags,
            capabilities: changeSet.capabilities,
            disableRollback,
            createdAt: new Date(),
          },
        );
        await tx.publish(
          StackCreateRequested,
          {
            stackId: view.request.stackId,
            stackArn: view.request.stackArn,
            stackName: view.request.stackName,
            accountId: view.request.accountId,
            region: view.request.region,
            templateBody: changeSet.templateBody,
            ...ownerField(view.request.owner),
            requestedBy: caller.requester,
            parameters: changeSet.parameters,
            noEchoParameters: checked.noEchoParameters,
            tags: changeSet.tags,
            capabilities: changeSet.capabilities,
            disableRollback,
            requestedAt: new Date().toISOString(),
            ...(clientRequestToken ? { clientRequestToken } : {}),
          },
          view.request.stackId,
        );
        await this.markExecuted(tx, changeSet);
      });
      return {};
    }
    refuseUnlessUpdatable(view);
    await this.submitter.submit(
      caller,
      view,
      {
        templateBody: changeSet.templateBody,
        parameters: changeSet.parameters,
        tags: changeSet.tags,
        checked,
        unchanged: false,
      },
      { disableRollback, capabilities: changeSet.capabilities, action: this.action, clientRequestToken },
      (tx) => this.markExecuted(tx, changeSet),
    );
    return {};
  }

  private check(changeSet: ChangeSet, view: StackView, caller: CallerIdentity) {
    try {
      // The stored body may have come by URL (up to 1 MB): it is checked with the URL limits.
      return this.templates.urlChecker.check(
        changeSet.templateBody,
        changeSet.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
        {
          identity: {
            accountId: caller.accountId,
            region: caller.region,
            stackId: view.request.stackArn,
            stackName: view.request.stackName,
          },
        },
      );
    } catch (error) {
      if (error instanceof TemplateValidationError) throw validationError(error.message);
      throw error;
    }
  }

  private async markExecuted(tx: Transaction, changeSet: ChangeSet): Promise<void> {
    await tx.manager.update(ChangeSet, { id: changeSet.id }, { executionStatus: 'EXECUTE_COMPLETE' });
    await tx.manager.update(
      ChangeSet,
      { stackId: changeSet.stackId, id: Not(changeSet.id) },
      { executionStatus: 'OBSOLETE' },
    );
  }
}
