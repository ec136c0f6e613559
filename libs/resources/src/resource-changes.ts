import { isDeepStrictEqual } from 'node:util';

import { PropertyUpdateBehaviour, ResourceTypePlugin } from './resource-type-plugin';

/** How a changed resource is brought to its new properties. */
export type ResourceChangeKind = 'None' | 'InPlace' | 'Replacement';

export interface PropertyChange {
  name: string;
  /** What changing this property needs, as the plugin declares it (unlisted: Replacement). */
  requires: PropertyUpdateBehaviour;
}

export interface ResourceChange {
  kind: ResourceChangeKind;
  properties: PropertyChange[];
}

/** Top-level property names whose values differ (a property present on one side only counts). */
export function changedPropertyNames(previous: Record<string, unknown>, next: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(previous), ...Object.keys(next)]);
  return [...names].filter((name) => !isDeepStrictEqual(previous[name], next[name])).sort();
}

/**
 * What a property change does to one resource: nothing, an in-place update (every changed property is updatable
 * and the plugin can update), or a replacement (a property needs it, the plugin cannot update, or the type changed).
 */
export function resourceChange(
  plugin: ResourceTypePlugin | undefined,
  previous: Record<string, unknown>,
  next: Record<string, unknown>,
): ResourceChange {
  const properties = changedPropertyNames(previous, next).map((name) => ({
    name,
    requires: plugin?.updateBehaviour?.[name] ?? ('Replacement' as const),
  }));
  if (properties.length === 0) return { kind: 'None', properties };
  const inPlace = !!plugin?.update && properties.every((property) => property.requires !== 'Replacement');
  return { kind: inPlace ? 'InPlace' : 'Replacement', properties };
}
