import type { TemplateDocument } from './template-types';

export interface TemplateParameterSummary {
  ParameterKey: string;
  DefaultValue?: string;
  NoEcho: boolean;
  Description?: string;
}

/** What ValidateTemplate returns for a valid template. */
export interface TemplateSummary {
  Description?: string;
  Parameters: TemplateParameterSummary[];
  Capabilities: string[];
  CapabilitiesReason?: string;
  DeclaredTransforms: string[];
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

export function summarizeTemplate(template: TemplateDocument): TemplateSummary {
  const parameters = Object.entries(template.Parameters ?? {}).map(([key, definition]) => {
    const summary: TemplateParameterSummary = {
      ParameterKey: key,
      NoEcho: String(definition.NoEcho).toLowerCase() === 'true',
    };
    if (definition.Default !== undefined && definition.Default !== null) {
      summary.DefaultValue = Array.isArray(definition.Default) ? definition.Default.join(',') : String(definition.Default);
    }
    if (definition.Description !== undefined) summary.Description = definition.Description;
    return summary;
  });

  const iamTypes: string[] = [];
  let named = false;
  for (const resource of Object.values(template.Resources ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(IAM_NAME_PROPERTIES, resource.Type)) continue;
    if (!iamTypes.includes(resource.Type)) iamTypes.push(resource.Type);
    const nameProperty = IAM_NAME_PROPERTIES[resource.Type];
    if (nameProperty && resource.Properties?.[nameProperty] !== undefined) named = true;
  }
  const transforms = declaredTransforms(template);

  const capabilities: string[] = [];
  if (iamTypes.length > 0) capabilities.push(named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM');
  if (transforms.length > 0) capabilities.push('CAPABILITY_AUTO_EXPAND');
  const needing = [...iamTypes, ...transforms];

  const summary: TemplateSummary = { Parameters: parameters, Capabilities: capabilities, DeclaredTransforms: transforms };
  if (template.Description !== undefined) summary.Description = template.Description;
  if (needing.length > 0) {
    summary.CapabilitiesReason = `The following resource(s) require capabilities: [${needing.join(', ')}]`;
  }
  return summary;
}
