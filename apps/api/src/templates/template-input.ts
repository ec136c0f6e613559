import { MAX_TEMPLATE_URL_BODY_BYTES, ResourceRegistry, StackTemplateChecker, TemplateFetcher } from '@cfn/resources';
import { TemplateValidationError } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import { QueryParams, readString, validationError } from '../protocol';

/** A template given to an action, and the checker for it (1 MB allowed by URL, 51,200 bytes inline, as AWS). */
export interface TemplateInput {
  body: string;
  checker: StackTemplateChecker;
  templateUrl?: string;
}

/**
 * Reads `TemplateBody` or `TemplateURL` of a request (CreateStack, UpdateStack, ValidateTemplate,
 * GetTemplateSummary): exactly one must be given, as AWS requires, and a URL is fetched with the shared fetcher.
 */
@Injectable()
export class TemplateInputReader {
  /** The checker for bodies that came by URL, or that a stack stored (they may have come by URL). */
  readonly urlChecker: StackTemplateChecker;

  constructor(
    @Inject(StackTemplateChecker) private readonly inlineChecker: StackTemplateChecker,
    @Inject(TemplateFetcher) private readonly fetcher: TemplateFetcher,
  ) {
    this.urlChecker = new StackTemplateChecker(ResourceRegistry.default(), {
      maxBodyBytes: MAX_TEMPLATE_URL_BODY_BYTES,
    });
  }

  async read(params: QueryParams): Promise<TemplateInput> {
    const body = readString(params, 'TemplateBody');
    const templateUrl = readString(params, 'TemplateURL');
    if (body && templateUrl) throw validationError('You cannot specify both Template URL and Template Body.');
    if (body) return { body, checker: this.inlineChecker };
    if (!templateUrl) throw validationError('Either Template URL or Template Body must be specified.');
    try {
      return { body: await this.fetcher.fetch(templateUrl), checker: this.urlChecker, templateUrl };
    } catch (error) {
      if (error instanceof TemplateValidationError) throw validationError(error.message);
      throw error;
    }
  }
}
