import { Inject, Injectable } from '@nestjs/common';
import { StackTemplateChecker } from '@cfn/resources';
import { summarizeTemplate, TemplateValidationError } from '@cfn/template';
import { CallerIdentity, QueryParams, readString, validationError } from '../protocol';
import { QueryAction } from './query-action';

/** ValidateTemplate: the same checks CreateStack makes, and the template's parameters and capabilities. */
@Injectable()
export class ValidateTemplateAction implements QueryAction {
  readonly action = 'ValidateTemplate';

  constructor(@Inject(StackTemplateChecker) private readonly checker: StackTemplateChecker) {}

  async handle(params: QueryParams, _caller: CallerIdentity) {
    const body = readString(params, 'TemplateBody');
    if (!body) throw validationError('Either Template URL or Template Body must be specified.');
    try {
      return { ...summarizeTemplate(this.checker.parseAndCheck(body)) };
    } catch (error) {
      if (error instanceof TemplateValidationError) throw validationError(error.message);
      throw error;
    }
  }
}
