import type { ResourceDefinition } from './template-types';

const CONFIGURE_KEY = 'CloudStack::Configure';

/** Metadata keys the configurator acts on; a resource with neither is complete as soon as it is created. */
export const CONFIGURATION_METADATA_KEYS = ['AWS::CloudFormation::Init', CONFIGURE_KEY] as const;

/**
 * `resources.Db...` or `resources['Db']...` in a configuration template ({{ }} expressions and {% %} tags alike).
 * A name built at render time (`resources[name]`) cannot be seen here; DependsOn covers that case.
 */
const RESOURCE_MENTION = /\bresources\s*(?:\.\s*([A-Za-z0-9]+)|\[\s*['"]([A-Za-z0-9]+)['"]\s*\])/g;

/**
 * Resources a resource's `CloudStack::Configure` tasks read through the `resources` fact. The configurator can
 * only render them once those resources exist, so they order the resource after them just as a Ref in its
 * Metadata would (ADR 0036). Its own name and the members of its own configuration group are left out: the
 * group already waits for all its members, and naming them must not read as a cycle.
 */
export function configurationReferences(resources: Record<string, ResourceDefinition>, logicalId: string): string[] {
  const configure = configureMetadataOf(resources[logicalId]);
  if (configure === undefined) return [];
  const group = configurationGroupName(resources[logicalId]);
  const named = new Set<string>();
  for (const text of stringsIn(configure)) {
    for (const match of text.matchAll(RESOURCE_MENTION)) named.add(match[1] ?? match[2]);
  }
  return [...named].filter(
    (id) =>
      id !== logicalId &&
      Object.prototype.hasOwnProperty.call(resources, id) &&
      (group === null || configurationGroupName(resources[id]) !== group),
  );
}

function configureMetadataOf(resource: ResourceDefinition | undefined): unknown {
  const metadata = resource?.Metadata;
  return metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>)[CONFIGURE_KEY] : undefined;
}

/** The configuration group a resource belongs to (`CloudStack::Configure: { group: <name> }`), or null. */
export function configurationGroupName(resource: ResourceDefinition | undefined): string | null {
  const configure = configureMetadataOf(resource) as { group?: unknown } | undefined;
  return configure && typeof configure.group === 'string' && configure.group !== '' ? configure.group : null;
}

function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === 'string') {
    yield value;
  } else if (Array.isArray(value)) {
    for (const item of value) yield* stringsIn(item);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) yield* stringsIn(item);
  }
}
