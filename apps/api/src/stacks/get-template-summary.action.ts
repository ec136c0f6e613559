import { templateSummaryDetails, TemplateValidationError } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams, readBoolean, readString, validationError } from '../protocol';
import { TemplateInputReader } from '../templates/template-input';
import { QueryAction } from './query-action';
import { StackDirectory } from './stack-directory';

/**
 * GetTemplateSummary: parameters (with type, default, NoEcho, description, allowed values), capabilities,
 * resource types, version, metadata and transforms of a template given inline or of an existing stack's template.
 */
@Injectable()
export class GetTemplateSummaryAction implements QueryAction {
  readonly action = 'GetTemplateSummary';

  constructor(
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
    @Inject(TemplateInputReader) private readonly templates: TemplateInputReader,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const given = [
      readString(params, 'TemplateBody'),
      readString(params, 'TemplateURL'),
      readString(params, 'StackName'),
    ].filter((value) => value !== undefined && value !== '');
    if (given.length !== 1) {
      throw validationError('Exactly one of TemplateBody, TemplateURL or StackName must be specified.');
    }
    const stackName = readString(params, 'StackName');
    // A stack's stored template may have come by URL: it is read with the larger limit.
    const { body, checker } = stackName
      ? {
          body: (await this.stacks.require(caller, stackName)).request.templateBody,
          checker: this.templates.urlChecker,
        }
      : await this.templates.read(params);
    const asWarnings = readBoolean(params, 'TemplateSummaryConfig.TreatUnrecognizedResourceTypesAsWarnings') ?? false;
    try {
      const { template, unrecognizedTypes } = checker.parseForSummary(body, {
        unrecognizedTypesAsWarnings: asWarnings,
      });
      return { ...templateSummaryDetails(template, unrecognizedTypes) };
    } catch (error) {
      if (error instanceof TemplateValidationError) throw validationError(error.message);
      throw error;
    }
  }
}
