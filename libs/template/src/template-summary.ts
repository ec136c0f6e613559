import { noEchoParameterNames } from './no-echo';
import type { ParameterDefinition, TemplateDocument } from './template-types';

/** botocore `TemplateParameter`: one parameter as ValidateTemplate lists it. */
export interface TemplateParameterSummary {
  ParameterKey: string;
  DefaultValue?: string;
  NoEcho: boolean;
  Description?: string;
}

/** What ValidateTemplate returns for a valid template (AWS leaves out empty lists). */
export interface TemplateSummary {
  Description?: string;
  Parameters: TemplateParameterSummary[];
  Capabilities?: string[];
  CapabilitiesReason?: string;
  DeclaredTransforms?: string[];
}

/** botocore `ParameterDeclaration`: one parameter as GetTemplateSummary lists it. */
export interface ParameterDeclaration extends TemplateParameterSummary {
  ParameterType: string;
  ParameterConstraints: { AllowedValues?: string[] };
}

export interface ResourceIdentifierSummary {
  ResourceType: string;
  LogicalResourceIds: string[];
}

/** botocore `GetTemplateSummaryOutput` (Metadata is the template's Metadata section as a JSON string). */
export interface TemplateSummaryDetails {
  Parameters: ParameterDeclaration[];
  Description?: string;
  Capabilities?: string[];
  CapabilitiesReason?: string;
  ResourceTypes: string[];
  Version: string;
  Metadata?: string;
  DeclaredTransforms?: string[];
  ResourceIdentifierSummaries: ResourceIdentifierSummary[];
  Warnings?: { UnrecognizedResourceTypes: string[] };
}

/** IAM resource types and the property that gives each a custom name (which needs CAPABILITY_NAMED_IAM). */
const IAM_NAME_PROPERTIES: Record<string, string | undefined> = {
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::UserToGroupAddition': undefined,
};

export function declaredTransforms(template: TemplateDocument): string[] {
  const transform = template.Transform as unknown;
  const entries = Array.isArray(transform) ? transform : transform === undefined ? [] : [transform];
  return entries.map((entry) =>
    typeof entry === 'object' && entry !== null ? String((entry as { Name?: unknown }).Name) : String(entry),
  );
}

function defaultText(definition: ParameterDefinition): string | undefined {
  if (definition.Default === undefined || definition.Default === null) return undefined;
  return Array.isArray(definition.Default) ? definition.Default.join(',') : String(definition.Default);
}

function parameterSummaries(template: TemplateDocument): TemplateParameterSummary[] {
  const noEcho = new Set(noEchoParameterNames(template));
  return Object.entries(template.Parameters ?? {}).map(([key, definition]) => {
    const summary: TemplateParameterSummary = { ParameterKey: key, NoEcho: noEcho.has(key) };
    const fallback = defaultText(definition);
    // AWS shows a NoEcho parameter's default masked as well.
    if (fallback !== undefined) summary.DefaultValue = noEcho.has(key) ? '****' : fallback;
    if (definition.Description !== undefined) summary.Description = definition.Description;
    return summary;
  });
}

function capabilities(template: TemplateDocument): Pick<TemplateSummary, 'Capabilities' | 'CapabilitiesReason'> {
  const iamTypes: string[] = [];
  let named = false;
  for (const resource of Object.values(template.Resources ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(IAM_NAME_PROPERTIES, resource.Type)) continue;
    if (!iamTypes.includes(resource.Type)) iamTypes.push(resource.Type);
    const nameProperty = IAM_NAME_PROPERTIES[resource.Type];
    if (nameProperty && resource.Properties?.[nameProperty] !== undefined) named = true;
  }
  const transforms = declaredTransforms(template);
  const needed: string[] = [];
  if (iamTypes.length > 0) needed.push(named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM');
  if (transforms.length > 0) needed.push('CAPABILITY_AUTO_EXPAND');
  if (needed.length === 0) return {};
  return {
    Capabilities: needed,
    CapabilitiesReason: `The following resource(s) require capabilities: [${[...iamTypes, ...transforms].join(', ')}]`,
  };
}

/** ValidateTemplate's answer. */
export function summarizeTemplate(template: TemplateDocument): TemplateSummary {
  const summary: TemplateSummary = { Parameters: parameterSummaries(template), ...capabilities(template) };
  if (template.Description !== undefined) summary.Description = template.Description;
  const transforms = declaredTransforms(template);
  if (transforms.length > 0) summary.DeclaredTransforms = transforms;
  return summary;
}

/** GetTemplateSummary's answer; `unrecognizedTypes` become Warnings when the caller asked for that. */
export function templateSummaryDetails(
  template: TemplateDocument,
  unrecognizedTypes: string[] = [],
): TemplateSummaryDetails {
  const definitions = template.Parameters ?? {};
  const parameters: ParameterDeclaration[] = parameterSummaries(template).map((summary) => {
    const definition = definitions[summary.ParameterKey];
    const constraints: ParameterDeclaration['ParameterConstraints'] = {};
    if (definition.AllowedValues) constraints.AllowedValues = definition.AllowedValues.map(String);
    return { ...summary, ParameterType: definition.Type, ParameterConstraints: constraints };
  });
  const byType = new Map<string, string[]>();
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    byType.set(resource.Type, [...(byType.get(resource.Type) ?? []), logicalId]);
  }
  const details: TemplateSummaryDetails = {
    Parameters: parameters,
    ...capabilities(template),
    ResourceTypes: [...byType.keys()],
    Version: template.AWSTemplateFormatVersion ?? '2010-09-09',
    ResourceIdentifierSummaries: [...byType].map(([ResourceType, LogicalResourceIds]) => ({
      ResourceType,
      LogicalResourceIds,
    })),
  };
  if (template.Description !== undefined) details.Description = template.Description;
  if (template.Metadata !== undefined) details.Metadata = JSON.stringify(template.Metadata);
  const transforms = declaredTransforms(template);
  if (transforms.length > 0) details.DeclaredTransforms = transforms;
  if (unrecognizedTypes.length > 0) details.Warnings = { UnrecognizedResourceTypes: unrecognizedTypes };
  return details;
}
