import Ajv, { ValidateFunction } from 'ajv';
import {
  ParameterValue, parseTemplate, resolveParameters, SuppliedParameter, TemplateDocument, TemplateValidationError,
  validateTemplateStructure,
} from '@cfn/template';
import { ResourceRegistry } from './resource-registry';

export const MAX_TEMPLATE_BODY_BYTES = 51_200;

export interface CheckedStackTemplate {
  template: TemplateDocument;
  parameters: Record<string, ParameterValue>;
  noEchoParameters: string[];
}

/**
 * Everything that can be checked about a stack's template and parameters without the cloud: syntax, structure,
 * references, resource types and their properties (from the same plugins that provision them), parameter values.
 * The api runs it to answer synchronously as AWS does; the validator runs it again as the pipeline's gate.
 */
export class StackTemplateChecker {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly propertyValidators = new Map<string, ValidateFunction>();

  constructor(private readonly registry: ResourceRegistry) {}

  parseAndCheck(templateBody: string): TemplateDocument {
    if (Buffer.byteLength(templateBody, 'utf8') > MAX_TEMPLATE_BODY_BYTES) {
      throw new TemplateValidationError(
        `1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEMPLATE_BODY_BYTES}`,
      );
    }
    const template = parseTemplate(templateBody);
    validateTemplateStructure(template, this.registry);
    this.checkProperties(template);
    return template;
  }

  check(templateBody: string, supplied: SuppliedParameter[]): CheckedStackTemplate {
    const template = this.parseAndCheck(templateBody);
    const parameters = resolveParameters(template, supplied);
    const noEchoParameters = Object.entries(template.Parameters ?? {})
      .filter(([, definition]) => String(definition.NoEcho ?? 'false').toLowerCase() === 'true')
      .map(([name]) => name);
    return { template, parameters, noEchoParameters };
  }

  /**
   * Checks literal property values against the type's schema. Values that are intrinsic functions are only
   * known at create time, so a property given as `{ "Ref": ... }` or `{ "Fn::...": ... }` passes here.
   */
  private checkProperties(template: TemplateDocument): void {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const plugin = this.registry.get(resource.Type);
      if (!plugin) continue;
      let validate = this.propertyValidators.get(plugin.type);
      if (!validate) {
        validate = this.ajv.compile(relaxForIntrinsics(plugin.propertiesSchema));
        this.propertyValidators.set(plugin.type, validate);
      }
      if (!validate(resource.Properties ?? {})) {
        const problems = (validate.errors ?? []).map((error) =>
          error.keyword === 'required'
            ? `#: required key [${(error.params as { missingProperty: string }).missingProperty}] not found`
            : `#${error.instancePath}: ${error.message}`);
        throw new TemplateValidationError(
          `Properties validation failed for resource ${logicalId} with message: ${problems.join(', ')}`,
        );
      }
    }
  }
}

/** Lets every declared property also be an intrinsic function object ({"Ref": ...}, {"Fn::Join": ...}). */
function relaxForIntrinsics(schema: Record<string, unknown>): Record<string, unknown> {
  const intrinsic = { type: 'object', minProperties: 1, maxProperties: 1, propertyNames: { pattern: '^(Ref|Fn::.+|Condition)$' } };
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(properties).map(([name, definition]) => [name, { anyOf: [definition, intrinsic] }]),
    ),
  };
}
