import { summarizeTemplate, TemplateValidationError } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams, validationError } from '../protocol';
import { TemplateInputReader } from '../templates/template-input';
import { QueryAction } from './query-action';

/** ValidateTemplate: the same checks CreateStack makes, and the template's parameters and capabilities. */
@Injectable()
export class ValidateTemplateAction implements QueryAction {
  readonly action = 'ValidateTemplate';

  constructor(@Inject(TemplateInputReader) private readonly templates: TemplateInputReader) {}

  async handle(params: QueryParams, _caller: CallerIdentity) {
    const { body, checker } = await this.templates.read(params);
    try {
      return { ...summarizeTemplate(checker.parseAndCheck(body)) };
    } catch (error) {
      if (error instanceof TemplateValidationError) throw validationError(error.message);
      throw error;
    }
  }
}
