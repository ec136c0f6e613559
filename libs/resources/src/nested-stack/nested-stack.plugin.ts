import { ProvisionedResource, ResourcePropertyError, ResourceTypePlugin } from '../resource-type-plugin';
import {
  locateTemplate,
  TemplateSourcePolicy,
  templateSourcePolicyFromEnv,
} from '../template-source/template-location';

export const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';

/** The prefix of a nested stack's attributes: `Fn::GetAtt [Child, Outputs.<OutputKey>]`. */
export const NESTED_STACK_OUTPUT_PREFIX = 'Outputs.';

/**
 * AWS::CloudFormation::Stack: a nested stack built from TemplateURL with Parameters. It is a real stack (the api
 * records it, the validator checks it, the planner runs it), so it is carried out by the planner and the api, never
 * by the provisioner: create and delete here are not called. Its attributes are the child's outputs.
 */
export class NestedStackPlugin implements ResourceTypePlugin {
  readonly type = NESTED_STACK_TYPE;
  readonly executor = 'planner' as const;
  /** `Outputs.*`: any output of the child stack (which outputs exist is known only once the child is created). */
  readonly attributes = [`${NESTED_STACK_OUTPUT_PREFIX}*`] as const;
  readonly propertiesSchema = {
    type: 'object',
    required: ['TemplateURL'],
    additionalProperties: false,
    properties: {
      TemplateURL: { type: 'string', minLength: 1 },
      Parameters: {
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean', 'array'] },
      },
      TimeoutInMinutes: { type: ['string', 'integer'], pattern: '^[0-9]+$', minimum: 1 },
      NotificationARNs: { type: 'array', items: { type: 'string' } },
      Tags: {
        type: 'array',
        items: {
          type: 'object',
          required: ['Key', 'Value'],
          additionalProperties: false,
          properties: { Key: { type: 'string' }, Value: { type: 'string' } },
        },
      },
    },
  };

  constructor(private readonly sources: TemplateSourcePolicy = templateSourcePolicyFromEnv()) {}

  /** A TemplateURL written in the template is refused at once when it is not a place templates may come from. */
  checkProperties(properties: Record<string, unknown>): void {
    if (typeof properties.TemplateURL === 'string') locateTemplate(properties.TemplateURL, this.sources);
  }

  async findExisting(): Promise<ProvisionedResource | null> {
    return null;
  }

  async create(): Promise<ProvisionedResource> {
    throw new ResourcePropertyError('A nested stack is created by the api and the planner, not by the provisioner');
  }

  async delete(): Promise<void> {
    throw new ResourcePropertyError('A nested stack is deleted by the planner, not by the provisioner');
  }
}

/** The child stack's settings, read from the resource's evaluated properties. */
export interface NestedStackSettings {
  templateUrl: string;
  parameters: Array<{ key: string; value: string }>;
  tags: Array<{ key: string; value: string }>;
  timeoutMinutes: number | null;
}

export function nestedStackSettings(properties: Record<string, unknown>): NestedStackSettings {
  const templateUrl = properties.TemplateURL;
  if (typeof templateUrl !== 'string' || templateUrl === '')
    throw new ResourcePropertyError('TemplateURL must be a string');
  // Parameter values are strings on AWS; a list (from a Ref to a list parameter) is passed comma-delimited.
  const parameters = Object.entries((properties.Parameters ?? {}) as Record<string, unknown>).map(([key, value]) => ({
    key,
    value: Array.isArray(value) ? value.map(String).join(',') : String(value),
  }));
  const tags = ((properties.Tags ?? []) as Array<{ Key: unknown; Value: unknown }>).map((tag) => ({
    key: String(tag.Key),
    value: String(tag.Value),
  }));
  let timeoutMinutes: number | null = null;
  if (properties.TimeoutInMinutes !== undefined) {
    timeoutMinutes = Number(properties.TimeoutInMinutes);
    if (!Number.isInteger(timeoutMinutes) || timeoutMinutes < 1) {
      throw new ResourcePropertyError(
        `TimeoutInMinutes must be a positive whole number, got '${properties.TimeoutInMinutes}'`,
      );
    }
  }
  return { templateUrl, parameters, tags, timeoutMinutes };
}
