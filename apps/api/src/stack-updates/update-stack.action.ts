import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams, readBoolean, readStringList, validationError } from '../protocol';
import { readClientRequestToken } from '../request-tokens/client-request-token';
import { ClientRequestTokens } from '../request-tokens/client-request-tokens';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';
import { TemplateInputReader } from '../templates/template-input';
import { resolveUpdateInputs } from './stack-update-inputs';
import { refuseUnlessUpdatable, StackUpdateSubmitter } from './stack-update-submitter';

/**
 * UpdateStack: checks the new template and parameters at once (as CreateStack), refuses with AWS's "No updates
 * are to be performed." when nothing changed, and hands the update to the validator and planner.
 */
@Injectable()
export class UpdateStackAction implements QueryAction {
  readonly action = 'UpdateStack';

  constructor(
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
    @Inject(TemplateInputReader) private readonly templates: TemplateInputReader,
    @Inject(StackUpdateSubmitter) private readonly submitter: StackUpdateSubmitter,
    @Inject(ClientRequestTokens) private readonly tokens: ClientRequestTokens,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const clientRequestToken = readClientRequestToken(params);
    const view = await this.stacks.require(caller, requiredParam(params, 'StackName'));
    if (await this.tokens.seen(caller, this.action, clientRequestToken, view.request.stackId))
      return { StackId: view.request.stackArn };
    refuseUnlessUpdatable(view);
    const inputs = await resolveUpdateInputs(this.templates, view, params, caller);
    if (inputs.unchanged) throw validationError('No updates are to be performed.');
    await this.submitter.submit(caller, view, inputs, {
      disableRollback: readBoolean(params, 'DisableRollback') ?? false,
      capabilities: readStringList(params, 'Capabilities'),
      action: this.action,
      clientRequestToken,
    });
    return { StackId: view.request.stackArn };
  }
}
