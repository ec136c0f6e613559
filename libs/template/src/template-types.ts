/** The template language's documents, after parsing (short forms are already long-form objects). */

export type DeletionPolicy = 'Delete' | 'Retain' | 'RetainExceptOnCreate' | 'Snapshot';

export interface ResourceDefinition {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  Metadata?: Record<string, unknown>;
  DeletionPolicy?: DeletionPolicy;
  UpdateReplacePolicy?: DeletionPolicy;
  CreationPolicy?: Record<string, unknown>;
  UpdatePolicy?: Record<string, unknown>;
}

export interface ParameterDefinition {
  Type: string;
  Default?: string | number | boolean | Array<string | number>;
  Description?: string;
  AllowedValues?: Array<string | number | boolean>;
  AllowedPattern?: string;
  ConstraintDescription?: string;
  MinLength?: number | string;
  MaxLength?: number | string;
  MinValue?: number | string;
  MaxValue?: number | string;
  NoEcho?: boolean | string;
}

export interface OutputDefinition {
  Value: unknown;
  Description?: string;
  Condition?: string;
  Export?: { Name: unknown };
}

export type MappingDefinition = Record<string, Record<string, unknown>>;

export interface TemplateDocument {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Metadata?: Record<string, unknown>;
  Parameters?: Record<string, ParameterDefinition>;
  Rules?: Record<string, unknown>;
  Mappings?: Record<string, MappingDefinition>;
  Conditions?: Record<string, unknown>;
  Transform?: string | string[];
  Resources: Record<string, ResourceDefinition>;
  Outputs?: Record<string, OutputDefinition>;
}

/** A parameter's value after resolution: list types become arrays. */
export type ParameterValue = string | string[];
