import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams } from '../protocol';
import { QueryAction } from './query-action';
import { requiredParam } from './required-param';
import { StackDirectory } from './stack-directory';

/** GetTemplate: the template body exactly as the user submitted it. */
@Injectable()
export class GetTemplateAction implements QueryAction {
  readonly action = 'GetTemplate';

  constructor(@Inject(StackDirectory) private readonly stacks: StackDirectory) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const view = await this.stacks.require(caller, requiredParam(params, 'StackName'));
    return { TemplateBody: view.request.templateBody, StagesAvailable: ['Original', 'Processed'] };
  }
}
