import {
  checkStackEvaluation,
  evaluate,
  expandForEach,
  noEchoParameterNames,
  ParameterValue,
  parseTemplate,
  pseudoParameterValues,
  resolveParameters,
  StackIdentity,
  SuppliedParameter,
  TemplateDocument,
  TemplateValidationError,
  usesForEach,
  validateTemplateStructure,
} from '@cfn/template';
import Ajv, { ValidateFunction } from 'ajv';

import { checkSnapshotPolicies } from './deletion-policy/snapshot-support';
import { ResourceRegistry } from './resource-registry';

export const MAX_TEMPLATE_BODY_BYTES = 51_200;

/** Limits other than AWS's, for benchmarks and for bodies fetched by URL (AWS allows 1 MB there). */
export interface TemplateLimits {
  maxBodyBytes?: number;
  maxResources?: number;
}

export interface CheckedStackTemplate {
  template: TemplateDocument;
  parameters: Record<string, ParameterValue>;
  noEchoParameters: string[];
}

export interface StackCheckOptions {
  /** Who the stack is: the pseudo parameters' values while evaluating. */
  identity: StackIdentity;
  /** The cloud's zones (the validator knows them; the api does not, so Fn::GetAZs stays unevaluated there). */
  availabilityZones?: string[];
  /** Values of the stack's previous parameters, for UsePreviousValue. */
  previousParameters?: Record<string, ParameterValue>;
}

export interface TemplateForSummary {
  template: TemplateDocument;
  /** Resource types no plugin provisions (only when the caller asked to have them as warnings). */
  unrecognizedTypes: string[];
}

/**
 * Everything that can be checked about a stack's template and parameters without the cloud: syntax, structure,
 * references, resource types and their properties (from the same plugins that provision them), parameter values,
 * and every function that parameter values alone decide (mappings, conditions, selects ...).
 * The api runs it to answer synchronously as AWS does; the validator runs it again as the pipeline's gate.
 */
export class StackTemplateChecker {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly propertyValidators = new Map<string, ValidateFunction>();

  private readonly maxBodyBytes: number;

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly limits: TemplateLimits = {},
  ) {
    this.maxBodyBytes = limits.maxBodyBytes ?? MAX_TEMPLATE_BODY_BYTES;
  }

  /** What ValidateTemplate checks: the template alone (Fn::ForEach over parameters expanded with their defaults). */
  parseAndCheck(templateBody: string): TemplateDocument {
    return this.checkTemplate(this.expandLoops(this.parse(templateBody)));
  }

  /** What GetTemplateSummary checks; with `unrecognizedTypesAsWarnings`, unknown resource types are listed instead. */
  parseForSummary(templateBody: string, options: { unrecognizedTypesAsWarnings?: boolean } = {}): TemplateForSummary {
    if (!options.unrecognizedTypesAsWarnings)
      return { template: this.parseAndCheck(templateBody), unrecognizedTypes: [] };
    const template = this.expandLoops(this.parse(templateBody));
    const unrecognized = new Set<string>();
    validateTemplateStructure(
      template,
      {
        has: (type) => {
          if (!this.registry.has(type)) unrecognized.add(type);
          return true;
        },
        attributes: (type) => this.registry.attributes(type),
      },
      { maxResources: this.limits.maxResources },
    );
    this.checkProperties(template);
    checkSnapshotPolicies(template, this.registry);
    return { template, unrecognizedTypes: [...unrecognized] };
  }

  /** What CreateStack checks before accepting a stack. */
  check(templateBody: string, supplied: SuppliedParameter[], options: StackCheckOptions): CheckedStackTemplate {
    const template = this.parse(templateBody);
    if (usesForEach(template)) return this.checkWithLoops(template, supplied, options);
    return this.checkParsed(this.checkTemplate(template), supplied, options);
  }

  /**
   * `check` for a body already parsed: `template` is what parseTemplate made of `templateBody` (the api parsed it
   * when it accepted the stack). Every check runs on the document, and the body's size is checked; only the parse
   * is not repeated.
   */
  checkDocument(
    templateBody: string,
    template: TemplateDocument,
    supplied: SuppliedParameter[],
    options: StackCheckOptions,
  ): CheckedStackTemplate {
    this.checkBodySize(templateBody);
    if (usesForEach(template)) return this.checkWithLoops(template, supplied, options);
    return this.checkParsed(this.checkTemplate(template), supplied, options);
  }

  /**
   * AWS::LanguageExtensions' Fn::ForEach: its collections may be parameters, so the parameter values are resolved
   * first, the loops expanded with them, and the expanded template checked and returned (it is the stack's template
   * from then on: every later reader sees plain resources, conditions and outputs).
   */
  private checkWithLoops(
    template: TemplateDocument,
    supplied: SuppliedParameter[],
    options: StackCheckOptions,
  ): CheckedStackTemplate {
    const parameters = resolveParameters(template, supplied, options.previousParameters);
    return this.checkParsed(
      this.checkTemplate(this.expandLoops(template, parameters, options.identity)),
      supplied,
      options,
    );
  }

  /** Expands Fn::ForEach; without parameter values (ValidateTemplate), with the parameters' defaults. */
  private expandLoops(
    template: TemplateDocument,
    parameters?: Record<string, ParameterValue>,
    identity?: StackIdentity,
  ): TemplateDocument {
    if (!usesForEach(template)) return template;
    const values =
      parameters ??
      Object.fromEntries(
        Object.entries(template.Parameters ?? {})
          .filter(([, definition]) => definition.Default !== undefined)
          .map(([name, definition]) => [name, String(definition.Default)]),
      );
    const dependsOnResource = (): never => {
      throw new TemplateValidationError('Template format error: an Fn::ForEach collection cannot depend on a resource');
    };
    return expandForEach(template, (collection) =>
      evaluate(collection, {
        template,
        parameters: values,
        pseudo: identity ? pseudoParameterValues(identity) : {},
        resourceRef: dependsOnResource,
        resourceAttribute: dependsOnResource,
      }),
    );
  }

  /** Structure, references, resource types and their properties, snapshot policies. */
  private checkTemplate(template: TemplateDocument): TemplateDocument {
    validateTemplateStructure(template, this.registry, { maxResources: this.limits.maxResources });
    this.checkProperties(template);
    checkSnapshotPolicies(template, this.registry);
    return template;
  }

  private checkParsed(
    template: TemplateDocument,
    supplied: SuppliedParameter[],
    options: StackCheckOptions,
  ): CheckedStackTemplate {
    const parameters = resolveParameters(template, supplied, options.previousParameters);
    checkStackEvaluation(template, {
      parameters,
      identity: options.identity,
      availabilityZones: options.availabilityZones,
    });
    return { template, parameters, noEchoParameters: noEchoParameterNames(template) };
  }

  private parse(templateBody: string): TemplateDocument {
    this.checkBodySize(templateBody);
    return parseTemplate(templateBody);
  }

  private checkBodySize(templateBody: string): void {
    if (Buffer.byteLength(templateBody, 'utf8') > this.maxBodyBytes) {
      throw new TemplateValidationError(
        // AWS quotes the whole body back in this message.
        `1 validation error detected: Value '${templateBody}' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${this.maxBodyBytes}`,
      );
    }
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
            : error.keyword === 'additionalProperties'
              ? `#: extraneous key [${(error.params as { additionalProperty: string }).additionalProperty}] is not permitted`
              : `#${error.instancePath}: ${error.message}`,
        );
        throw new TemplateValidationError(
          `Properties validation failed for resource ${logicalId} with message: ${problems.join(', ')}`,
        );
      }
      try {
        plugin.checkProperties?.(resource.Properties ?? {});
      } catch (error) {
        if (!(error instanceof TemplateValidationError)) throw error;
        throw new TemplateValidationError(
          `Properties validation failed for resource ${logicalId} with message: ${error.message}`,
        );
      }
    }
  }
}

/** Lets every declared property also be an intrinsic function object ({"Ref": ...}, {"Fn::Join": ...}). */
function relaxForIntrinsics(schema: Record<string, unknown>): Record<string, unknown> {
  return relaxChildren(schema);
}

/** A value of the template may be an intrinsic function instead, at any depth (a list item, a property of one). */
const INTRINSIC = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  propertyNames: { pattern: '^(Ref|Fn::.+|Condition)$' },
};

function orIntrinsic(definition: Record<string, unknown>): Record<string, unknown> {
  return { anyOf: [relaxChildren(definition), INTRINSIC] };
}

/** Every place a schema describes a value of the template: properties, map values, list items, alternatives. */
function relaxChildren(definition: Record<string, unknown>): Record<string, unknown> {
  const relaxed: Record<string, unknown> = { ...definition };
  const isSchema = (value: unknown): value is Record<string, unknown> =>
    !!value && typeof value === 'object' && !Array.isArray(value);
  const mapOf = (value: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, isSchema(child) ? orIntrinsic(child) : child]),
    );
  if (isSchema(definition.properties)) relaxed.properties = mapOf(definition.properties);
  if (isSchema(definition.patternProperties)) relaxed.patternProperties = mapOf(definition.patternProperties);
  if (isSchema(definition.additionalProperties))
    relaxed.additionalProperties = orIntrinsic(definition.additionalProperties);
  if (isSchema(definition.items)) relaxed.items = orIntrinsic(definition.items);
  else if (Array.isArray(definition.items))
    relaxed.items = definition.items.map((item) => (isSchema(item) ? orIntrinsic(item) : item));
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const alternatives = definition[keyword];
    if (Array.isArray(alternatives))
      relaxed[keyword] = alternatives.map((item) => (isSchema(item) ? relaxChildren(item) : item));
  }
  return relaxed;
}
