/** JSON Schema (draft-07) of a template's sections; the semantic checks live in template-structure.ts. */

const logicalIdMap = (member: object) => ({
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z0-9]+$' },
  additionalProperties: member,
});

const scalar = { type: ['string', 'number', 'boolean'] };

const deletionPolicy = { enum: ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'] };

/** AWS's quotas: resources, parameters, outputs and mappings per template. */
export const TEMPLATE_QUOTAS = { resources: 500, parameters: 200, outputs: 200, mappings: 200 } as const;

export const TEMPLATE_SCHEMA = {
  type: 'object',
  required: ['Resources'],
  additionalProperties: false,
  properties: {
    AWSTemplateFormatVersion: { const: '2010-09-09' },
    Description: { type: 'string', maxLength: 1024 },
    Metadata: { type: 'object' },
    Transform: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'object' }] },
    Rules: { type: 'object' },
    Parameters: {
      ...logicalIdMap({
        type: 'object',
        required: ['Type'],
        additionalProperties: false,
        properties: {
          Type: { type: 'string' },
          Default: { anyOf: [scalar, { type: 'array', items: scalar }] },
          Description: { type: 'string' },
          AllowedValues: { type: 'array', items: scalar },
          AllowedPattern: { type: 'string' },
          ConstraintDescription: { type: 'string' },
          NoEcho: { type: ['boolean', 'string'] },
          MinLength: { type: ['integer', 'string'] },
          MaxLength: { type: ['integer', 'string'] },
          MinValue: { type: ['number', 'string'] },
          MaxValue: { type: ['number', 'string'] },
        },
      }),
      maxProperties: TEMPLATE_QUOTAS.parameters,
    },
    // Mapping members are checked by checkMappings, which words the errors as AWS does.
    Mappings: { ...logicalIdMap({}), maxProperties: TEMPLATE_QUOTAS.mappings },
    Conditions: logicalIdMap({ type: 'object' }),
    Resources: {
      ...logicalIdMap({
        type: 'object',
        required: ['Type'],
        additionalProperties: false,
        properties: {
          Type: { type: 'string' },
          Properties: { type: 'object' },
          DependsOn: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          Condition: { type: 'string' },
          Metadata: { type: 'object' },
          DeletionPolicy: deletionPolicy,
          UpdateReplacePolicy: deletionPolicy,
          CreationPolicy: { type: 'object' },
          UpdatePolicy: { type: 'object' },
        },
      }),
      minProperties: 1,
      maxProperties: TEMPLATE_QUOTAS.resources,
    },
    Outputs: {
      ...logicalIdMap({
        type: 'object',
        required: ['Value'],
        additionalProperties: false,
        properties: {
          Value: { not: { type: 'null' } },
          Description: { type: 'string' },
          Condition: { type: 'string' },
          Export: { type: 'object', required: ['Name'], properties: { Name: {} } },
        },
      }),
      maxProperties: TEMPLATE_QUOTAS.outputs,
    },
  },
} as const;
