import { isDeepStrictEqual } from 'node:util';

import { CheckedStackTemplate } from '@cfn/resources';
import { parseTemplate, TemplateValidationError } from '@cfn/template';

import {
  CallerIdentity,
  isListPresent,
  QueryParams,
  readBoolean,
  readParameters,
  readString,
  readTags,
  validationError,
} from '../protocol';
import { StackView } from '../stacks/stack-view';
import { TemplateInput, TemplateInputReader } from '../templates/template-input';

/** What an update (UpdateStack, or a change set of type UPDATE) asks for, resolved and checked. */
export interface StackUpdateInputs {
  templateBody: string;
  parameters: Array<{ key: string; value: string }>;
  tags: Array<{ key: string; value: string }>;
  checked: CheckedStackTemplate;
  /** True when template, parameter values and tags are what the stack has now. */
  unchanged: boolean;
}

/**
 * Reads TemplateBody, TemplateURL or UsePreviousTemplate (the stack's stored body, checked with the URL limits as
 * it may have come by URL), Parameters (UsePreviousValue takes the stack's current value; an omitted parameter
 * takes its default, as in AWS) and Tags (omitted: the stack keeps its tags), then runs the same checks as
 * CreateStack.
 */
export async function resolveUpdateInputs(
  templates: TemplateInputReader,
  view: StackView,
  params: QueryParams,
  caller: CallerIdentity,
): Promise<StackUpdateInputs> {
  const { body: templateBody, checker } = await readUpdateTemplate(templates, view, params);
  const previous = new Map(view.request.parameters.map(({ key, value }) => [key, value]));
  const parameters = readParameters(params).map((parameter) => {
    const key = parameter.ParameterKey ?? '';
    if (parameter.UsePreviousValue) {
      if (parameter.ParameterValue !== undefined) {
        throw validationError(
          `Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true and non empty value for a parameter`,
        );
      }
      const value = previous.get(key) ?? previousDefault(view, key);
      if (value === undefined)
        throw validationError(
          `Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
        );
      return { key, value };
    }
    return { key, value: parameter.ParameterValue ?? '' };
  });
  const tags = isListPresent(params, 'Tags')
    ? readTags(params).map((tag) => ({ key: tag.Key, value: tag.Value }))
    : view.request.tags;
  let checked: CheckedStackTemplate;
  try {
    checked = checker.check(
      templateBody,
      parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
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
  const state = view.state;
  const unchanged =
    !!state &&
    isDeepStrictEqual(normalise(checked.template), normalise(state.template)) &&
    isDeepStrictEqual(normalise(checked.parameters), normalise(state.parameters)) &&
    isDeepStrictEqual(tags, view.request.tags);
  if (state) refuseTypeChanges(state.template as { Resources?: Record<string, { Type?: string }> }, checked);
  return { templateBody, parameters, tags, checked, unchanged };
}

/** UsePreviousTemplate excludes TemplateBody and TemplateURL, as in AWS; otherwise exactly one of those two. */
async function readUpdateTemplate(
  templates: TemplateInputReader,
  view: StackView,
  params: QueryParams,
): Promise<TemplateInput> {
  if (readBoolean(params, 'UsePreviousTemplate') ?? false) {
    if (readString(params, 'TemplateBody') || readString(params, 'TemplateURL')) {
      throw validationError('You cannot specify both usePreviousTemplate and Template Body/Template URL.');
    }
    return { body: view.request.templateBody, checker: templates.urlChecker };
  }
  return templates.read(params);
}

/** AWS refuses an update that changes a resource's type. */
function refuseTypeChanges(
  current: { Resources?: Record<string, { Type?: string }> },
  checked: CheckedStackTemplate,
): void {
  const changed = Object.entries(checked.template.Resources ?? {})
    .filter(
      ([logicalId, definition]) =>
        current.Resources?.[logicalId] && current.Resources[logicalId].Type !== definition.Type,
    )
    .map(([logicalId]) => logicalId);
  if (changed.length > 0) {
    throw validationError(
      `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${changed.join(', ')}]`,
    );
  }
}

function previousDefault(view: StackView, key: string): string | undefined {
  try {
    const value = parseTemplate(view.request.templateBody).Parameters?.[key]?.Default;
    return value === undefined ? undefined : String(value);
  } catch {
    return undefined;
  }
}

/** JSON round trip: what MySQL's JSON column gives back has no undefined members. */
function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null));
}
