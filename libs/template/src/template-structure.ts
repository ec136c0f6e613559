import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

import { circularDependencyError, DependencyGraph, dependsOnList } from './dependencies';
import { TemplateValidationError } from './errors';
import { checkIntrinsicShapes } from './intrinsic-shapes';
import { unresolvedDependencies } from './intrinsics';
import { isKnownParameterType, isSsmParameterType } from './parameter-types';
import { isPseudoParameter } from './pseudo-parameters';
import { collectReferences, type TemplateReference } from './references';
import { TEMPLATE_QUOTAS, TEMPLATE_SCHEMA } from './template-schema';
import type { TemplateDocument } from './template-types';

/** The resource types this installation can provision (the plugin registry). */
export interface ResourceTypeCatalog {
  has(type: string): boolean;
  /** The Fn::GetAtt attributes of a type; undefined when any attribute is accepted (custom resources). */
  attributes?(type: string): string[] | undefined;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<number, ValidateFunction>([[TEMPLATE_QUOTAS.resources, ajv.compile(TEMPLATE_SCHEMA)]]);

export interface TemplateStructureOptions {
  /** The resource quota; AWS's 500 unless an installation deliberately raises it (the benchmarks do). */
  maxResources?: number;
}

function schemaValidator(maxResources: number): ValidateFunction {
  let validate = validators.get(maxResources);
  if (!validate) {
    const resources = { ...TEMPLATE_SCHEMA.properties.Resources, maxProperties: maxResources };
    validate = ajv.compile({ ...TEMPLATE_SCHEMA, properties: { ...TEMPLATE_SCHEMA.properties, Resources: resources } });
    validators.set(maxResources, validate);
  }
  return validate;
}

const fail = (message: string): never => {
  throw new TemplateValidationError(message);
};

/** Throws TemplateValidationError, with AWS's wording, for the first thing AWS would reject. */
export function validateTemplateStructure(
  template: unknown,
  catalog?: ResourceTypeCatalog,
  options: TemplateStructureOptions = {},
): void {
  checkNoNulls(template, '');
  const validateSchema = schemaValidator(options.maxResources ?? TEMPLATE_QUOTAS.resources);
  if (!validateSchema(template))
    fail(schemaErrorMessage(validateSchema.errors ?? [], template as Record<string, object>));
  const document = template as TemplateDocument;
  checkMappings(document);
  checkParameterTypes(document);
  checkIntrinsicShapes(document);
  checkReferences(document);
  if (catalog) checkResourceTypes(document, catalog);
  checkConditionNames(document);
  const cycle = new DependencyGraph(document).findCycle();
  if (cycle) throw circularDependencyError(cycle);
}

const SECTION_NOUNS: Record<string, string> = {
  Resources: 'Resource',
  Parameters: 'Parameter',
  Outputs: 'Output',
  Mappings: 'Mapping',
  Conditions: 'Condition',
};

function schemaErrorMessage(errors: ErrorObject[], template: Record<string, object>): string {
  const unknownSections = errors
    .filter((error) => error.instancePath === '' && error.keyword === 'additionalProperties')
    .map((error) => (error.params as { additionalProperty: string }).additionalProperty);
  if (unknownSections.length > 0) {
    return `Template format error: Invalid template property or properties [${unknownSections.join(', ')}]`;
  }
  const error = errors[0];
  const path = error.instancePath;
  const [, section, member, attribute] = path.split('/');
  const params = error.params as Record<string, unknown>;
  const isResourcesShape = path === '/Resources' && error.keyword === 'type';
  const isResourceShape =
    section === 'Resources' && member !== undefined && attribute === undefined && error.keyword === 'type';
  if (isResourcesShape || isResourceShape) return 'Template format error: Any Resources member must be an object.';
  if (
    (path === '' && error.keyword === 'required') ||
    (path === '/Resources' &&
      error.keyword !== 'maxProperties' &&
      error.keyword !== 'propertyNames' &&
      error.keyword !== 'pattern')
  ) {
    return 'Template format error: At least one Resources member must be defined.';
  }
  if (error.keyword === 'maxProperties' && member === undefined) {
    const count = Object.keys(template[section]).length;
    return `Template format error: Number of ${section.toLowerCase()}, ${count}, is greater than maximum allowed, ${String(params.limit)}`;
  }
  if ((error.keyword === 'pattern' || error.keyword === 'propertyNames') && member === undefined) {
    const name = error.propertyName ?? params.propertyName;
    return `Template format error: ${SECTION_NOUNS[section] ?? section} name ${String(name)} is non alphanumeric.`;
  }
  if (path === '/AWSTemplateFormatVersion') {
    return `Template format error: [${path}] Unsupported template format version. The only valid value is 2010-09-09.`;
  }
  const place = `/${section}/${member}`;
  if (section === 'Resources' && attribute === undefined && error.keyword === 'required') {
    return `Template format error: [${place}] Every Resources object must contain a Type member.`;
  }
  if (section === 'Resources' && attribute === undefined && error.keyword === 'additionalProperties') {
    return `Invalid template resource property '${String(params.additionalProperty)}'`;
  }
  if (section === 'Parameters' && attribute === undefined && error.keyword === 'additionalProperties') {
    return `Template format error: Invalid template parameter property '${String(params.additionalProperty)}'`;
  }
  if (section === 'Parameters' && attribute === undefined && error.keyword === 'required') {
    return `Template format error: [${place}] Every Parameters object must contain a Type member.`;
  }
  if (section === 'Outputs' && ((attribute === undefined && error.keyword === 'required') || attribute === 'Value')) {
    return 'Template format error: Every Outputs member must contain a Value object';
  }
  if (section === 'Outputs' && attribute === undefined && error.keyword === 'additionalProperties') {
    return `Template format error: [${place}] Invalid outputs property '${String(params.additionalProperty)}'`;
  }
  return `Template format error: [${path}] ${error.message ?? 'is invalid'}`;
}

const has = (record: object | undefined, key: string): boolean =>
  record !== undefined && Object.prototype.hasOwnProperty.call(record, key);

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** AWS refuses a null anywhere in a template (YAML `Key:` with nothing after it), naming where. */
function checkNoNulls(value: unknown, path: string): void {
  if (value === null) fail(`[${path}] 'null' values are not allowed in templates`);
  if (Array.isArray(value)) value.forEach((item, index) => checkNoNulls(item, `${path}/${index}`));
  else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>))
      checkNoNulls(item, `${path}/${escapePointer(key)}`);
  }
}

/** Mappings are two levels of maps whose leaves are strings or lists (numbers and booleans read as text). */
function checkMappings(template: TemplateDocument): void {
  const isMap = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
  const isLeaf = (value: unknown) =>
    ['string', 'number', 'boolean'].includes(typeof value) ||
    (Array.isArray(value) && value.every((item) => ['string', 'number', 'boolean'].includes(typeof item)));
  for (const [name, mapping] of Object.entries(template.Mappings ?? {})) {
    if (!isMap(mapping)) fail(`Template format error: Every Mappings member ${name} must be a map`);
    for (const [key, entry] of Object.entries(mapping as Record<string, unknown>)) {
      if (!isMap(entry)) fail(`Template format error: Every Mappings member ${key} must be a map`);
      if (!Object.values(entry as Record<string, unknown>).every(isLeaf)) {
        fail('Template format error: Every Mappings attribute must be a String or a List.');
      }
    }
  }
}

function checkParameterTypes(template: TemplateDocument): void {
  for (const [name, definition] of Object.entries(template.Parameters ?? {})) {
    if (isSsmParameterType(definition.Type)) {
      fail(
        `Template format error: Parameter ${name} has type ${definition.Type}: SSM parameter types need AWS Systems Manager, which this cloud does not have`,
      );
    }
    if (!isKnownParameterType(definition.Type))
      fail(`Template format error: Unrecognized parameter type: ${definition.Type}`);
  }
}

function checkReferences(template: TemplateDocument): void {
  const resources = template.Resources;
  const isKnownName = (name: string) =>
    has(template.Parameters, name) || isPseudoParameter(name) || has(resources, name);
  const unresolved = (reference: TemplateReference): string | undefined => {
    if (reference.via === 'Fn::GetAtt') {
      if (!has(resources, reference.target)) {
        fail(`Template error: instance of Fn::GetAtt references undefined resource ${reference.target}`);
      }
      return undefined;
    }
    if (reference.via === 'Fn::Sub' && reference.attribute !== undefined) {
      const whole = `${reference.target}.${reference.attribute}`;
      return has(resources, reference.target) || isKnownName(whole) ? undefined : whole;
    }
    return isKnownName(reference.target) ? undefined : reference.target;
  };
  const unresolvedIn = (values: unknown[]) => [
    ...new Set(
      values.flatMap((value) => collectReferences(value).map(unresolved)).filter((name) => name !== undefined),
    ),
  ];

  const inResources = unresolvedIn(
    Object.values(resources).map(({ Type: _type, DependsOn: _dependsOn, ...rest }) => rest),
  );
  for (const resource of Object.values(resources)) {
    for (const target of dependsOnList(resource)) {
      if (!has(resources, target) && !inResources.includes(target)) inResources.push(target);
    }
  }
  if (inResources.length > 0) throw unresolvedDependencies(inResources as string[]);

  const inOutputs = unresolvedIn(Object.values(template.Outputs ?? {}));
  if (inOutputs.length > 0) throw unresolvedDependencies(inOutputs as string[], 'Outputs');

  const inConditions = [
    ...new Set(
      collectReferences(template.Conditions ?? {})
        .map((reference) => reference.target)
        .filter((name) => !has(template.Parameters, name) && !isPseudoParameter(name)),
    ),
  ];
  if (inConditions.length > 0) {
    fail(
      `Template format error: Unresolved dependencies [${inConditions.join(', ')}]. Cannot reference resources in the Conditions block of the template`,
    );
  }
}

function checkResourceTypes(template: TemplateDocument, catalog: ResourceTypeCatalog): void {
  const resources = template.Resources;
  const unknownTypes = [
    ...new Set(
      Object.values(resources)
        .map((resource) => resource.Type)
        .filter((type) => !catalog.has(type)),
    ),
  ];
  if (unknownTypes.length > 0) fail(`Template format error: Unrecognized resource types: [${unknownTypes.join(', ')}]`);
  if (!catalog.attributes) return;
  const everything = [
    ...Object.values(resources).map(({ Type: _type, DependsOn: _dependsOn, ...rest }) => rest),
    template.Outputs ?? {},
  ];
  for (const reference of collectReferences(everything)) {
    if (reference.via === 'Ref' || reference.attribute === undefined || !has(resources, reference.target)) continue;
    const attributes = catalog.attributes(resources[reference.target].Type);
    if (attributes && !attributes.some((name) => attributeMatches(name, reference.attribute!))) {
      fail(
        `Template error: resource ${reference.target} does not support attribute type ${reference.attribute} in Fn::GetAtt`,
      );
    }
  }
}

/** `Outputs.*` stands for every attribute with the prefix `Outputs.` (a nested stack's outputs). */
function attributeMatches(declared: string, used: string): boolean {
  return declared.endsWith('.*')
    ? used.startsWith(declared.slice(0, -1)) && used.length > declared.length - 1
    : declared === used;
}

/** Condition names used by resources, outputs, Fn::If and the Condition function must be declared. */
function checkConditionNames(template: TemplateDocument): void {
  const declared = (name: string) => has(template.Conditions, name);
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Condition !== undefined && !declared(resource.Condition)) {
      fail(
        `Template format error: Unresolved dependencies [${resource.Condition}]. Condition of resource ${id} is not defined in the Conditions block of the template`,
      );
    }
  }
  for (const [id, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition !== undefined && !declared(output.Condition)) {
      fail(
        `Template format error: Unresolved dependencies [${output.Condition}]. Condition of output ${id} is not defined in the Conditions block of the template`,
      );
    }
  }
  for (const name of conditionNamesUsed(template)) {
    if (!declared(name)) fail(`Template error: unresolved condition dependency ${name} in Fn::If`);
  }
}

function conditionNamesUsed(template: TemplateDocument): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, argument] = entries[0];
      if (key === 'Fn::If' && Array.isArray(argument) && typeof argument[0] === 'string') found.push(argument[0]);
      if (key === 'Condition' && typeof argument === 'string') found.push(argument);
    }
    for (const [, item] of entries) walk(item);
  };
  walk([template.Resources, template.Outputs, template.Conditions]);
  return [...new Set(found)];
}
