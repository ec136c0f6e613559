/** JSON Schema (draft-07) of a template's sections; the semantic checks live in template-structure.ts. */

const logicalIdMap = (member: object) => ({
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z0-9]+$' },
  additionalProperties: member,
});

const deletionPolicy = { enum: ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'] };

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
        properties: {
          Type: { type: 'string' },
          Description: { type: 'string' },
          AllowedValues: { type: 'array' },
          AllowedPattern: { type: 'string' },
          ConstraintDescription: { type: 'string' },
          NoEcho: { type: ['boolean', 'string'] },
          MinLength: { type: ['integer', 'string'] },
          MaxLength: { type: ['integer', 'string'] },
          MinValue: { type: ['number', 'string'] },
          MaxValue: { type: ['number', 'string'] },
        },
      }),
      maxProperties: 200,
    },
    Mappings: {
      ...logicalIdMap({ type: 'object', additionalProperties: { type: 'object' } }),
      maxProperties: 200,
    },
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
      maxProperties: 500,
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
      maxProperties: 200,
    },
  },
} as const;
