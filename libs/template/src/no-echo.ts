import type { ParameterValue, TemplateDocument } from './template-types';

/** What AWS shows instead of a NoEcho parameter's value. */
export const MASK = '****';

/** Names of the template's parameters declared `NoEcho: true` (or "true"). */
export function noEchoParameterNames(template: Pick<TemplateDocument, 'Parameters'>): string[] {
  return Object.entries(template.Parameters ?? {})
    .filter(([, definition]) => String(definition?.NoEcho ?? 'false').toLowerCase() === 'true')
    .map(([name]) => name);
}

/** The secret strings of a stack: every non-empty value (list members too) of its NoEcho parameters. */
export function noEchoValues(
  parameters: Record<string, ParameterValue>,
  noEchoParameters: readonly string[],
): string[] {
  const values = noEchoParameters.flatMap((name) => {
    const value = Object.prototype.hasOwnProperty.call(parameters, name) ? parameters[name] : undefined;
    if (value === undefined) return [];
    return Array.isArray(value) ? [value.join(','), ...value] : [value];
  });
  // Longest first, so that a value containing another is masked whole.
  return [...new Set(values.filter((value) => value !== ''))].sort((a, b) => b.length - a.length);
}

function maskText(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join(MASK);
  return masked;
}

/**
 * A copy of `value` in which every occurrence of a secret inside any string (object keys included) is `****`.
 * Substrings are masked too, because a secret usually reaches a property through Fn::Join or Fn::Sub.
 */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return maskText(item, secrets);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [maskText(key, secrets), walk(entry)]));
    }
    return item;
  };
  return walk(value) as T;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** JSON Pointers (RFC 6901) of the strings inside `value` that contain a secret. */
export function secretPaths(value: unknown, secrets: readonly string[]): string[] {
  const paths: string[] = [];
  if (secrets.length === 0) return paths;
  const walk = (item: unknown, path: string): void => {
    if (typeof item === 'string') {
      if (secrets.some((secret) => item.includes(secret))) paths.push(path);
    } else if (Array.isArray(item)) {
      item.forEach((entry, index) => walk(entry, `${path}/${index}`));
    } else if (item !== null && typeof item === 'object') {
      for (const [key, entry] of Object.entries(item)) walk(entry, `${path}/${escapePointer(key)}`);
    }
  };
  walk(value, '');
  return paths;
}

/** A copy of `value` with the strings at these JSON Pointers replaced by `****`; unknown paths are ignored. */
export function maskPaths<T>(value: T, paths: readonly string[]): T {
  if (paths.length === 0) return value;
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  for (const path of paths) {
    if (path === '') return MASK as unknown as T;
    const tokens = path.split('/').slice(1).map(unescapePointer);
    let parent: unknown = copy;
    for (const token of tokens.slice(0, -1)) {
      parent = parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[token] : undefined;
    }
    const last = tokens[tokens.length - 1];
    if (parent !== null && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, last)) {
      (parent as Record<string, unknown>)[last] = MASK;
    }
  }
  return copy as T;
}
