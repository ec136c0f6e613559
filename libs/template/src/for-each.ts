import { TemplateValidationError } from './errors';
import type { TemplateDocument } from './template-types';

const FOR_EACH_KEY = /^Fn::ForEach::(.*)$/;
/** The sections Fn::ForEach may stand in (at any depth, resource properties included), as AWS documents it. */
const LOOP_SECTIONS = ['Conditions', 'Resources', 'Outputs'] as const;
/** AWS allows loops nested 5 deep. */
const MAX_NESTING = 5;

/** Turns a loop's Collection (already free of outer identifiers) into its items: a list, or a function of parameters. */
export type CollectionResolver = (collection: unknown) => unknown;

/** Whether a template uses Fn::ForEach (AWS::LanguageExtensions) in a section where it is expanded. */
export function usesForEach(template: TemplateDocument): boolean {
  return LOOP_SECTIONS.some(
    (section) => template[section] !== undefined && JSON.stringify(template[section]).includes('"Fn::ForEach::'),
  );
}

/**
 * AWS::LanguageExtensions' Fn::ForEach, expanded as the transform does before anything else reads the template:
 * `"Fn::ForEach::Name": [Identifier, Collection, {OutputKey: OutputValue}]` in Conditions, Resources (properties
 * included) and Outputs becomes one OutputKey: OutputValue per item of Collection, in which `${Identifier}` and
 * `{"Ref": "Identifier"}` are the item and `&{Identifier}` the item without its non-alphanumeric characters. Loops
 * nest (5 deep). Collection is a list, or a function of parameters and mappings (`Ref` to a CommaDelimitedList...)
 * that `resolve` evaluates. The result is a new document; the input is not changed.
 */
export function expandForEach(template: TemplateDocument, resolve: CollectionResolver): TemplateDocument {
  const expanded: Record<string, unknown> = { ...template };
  for (const section of LOOP_SECTIONS) {
    if (template[section] !== undefined) expanded[section] = expandValue(template[section], resolve, 0, `/${section}`);
  }
  return expanded as unknown as TemplateDocument;
}

function expandValue(value: unknown, resolve: CollectionResolver, depth: number, path: string): unknown {
  if (Array.isArray(value)) return value.map((item, index) => expandValue(item, resolve, depth, `${path}/${index}`));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const put = (key: string, item: unknown) => {
    if (Object.prototype.hasOwnProperty.call(out, key)) fail(`${path}: Fn::ForEach makes the key ${key} twice`);
    out[key] = item;
  };
  for (const [key, child] of Object.entries(value)) {
    const loop = FOR_EACH_KEY.exec(key);
    if (!loop) {
      put(key, expandValue(child, resolve, depth, `${path}/${key}`));
      continue;
    }
    if (depth >= MAX_NESTING) fail(`${path}/${key}: Fn::ForEach loops may nest at most ${MAX_NESTING} deep`);
    const [identifier, collection, fragment] = loopParts(child, `${path}/${key}`);
    for (const item of items(resolve(collection), `${path}/${key}`)) {
      const body = substitute(fragment, identifier, item) as Record<string, unknown>;
      for (const [outputKey, outputValue] of Object.entries(
        expandValue(body, resolve, depth + 1, `${path}/${key}`) as object,
      )) {
        put(outputKey, outputValue);
      }
    }
  }
  return out;
}

function loopParts(value: unknown, where: string): [string, unknown, Record<string, unknown>] {
  if (!Array.isArray(value) || value.length !== 3)
    fail(`${where}: Fn::ForEach takes [Identifier, Collection, {OutputKey: OutputValue}]`);
  const [identifier, collection, fragment] = value as unknown[];
  if (typeof identifier !== 'string' || !/^[A-Za-z0-9]+$/.test(identifier))
    fail(`${where}: the Fn::ForEach identifier must be alphanumeric`);
  if (!fragment || typeof fragment !== 'object' || Array.isArray(fragment) || !Object.keys(fragment).length) {
    fail(`${where}: the Fn::ForEach fragment must be a map {OutputKey: OutputValue}`);
  }
  const id = identifier as string;
  for (const outputKey of Object.keys(fragment as object)) {
    if (!outputKey.includes(`\${${id}}`) && !outputKey.includes(`&{${id}}`) && !FOR_EACH_KEY.test(outputKey)) {
      fail(`${where}: the Fn::ForEach OutputKey ${outputKey} must contain \${${id}} or &{${id}}`);
    }
  }
  return [id, collection, fragment as Record<string, unknown>];
}

function items(collection: unknown, where: string): string[] {
  const list = typeof collection === 'string' ? collection.split(',') : collection;
  if (
    !Array.isArray(list) ||
    list.some((item) => typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean')
  ) {
    fail(`${where}: the Fn::ForEach collection must be a list of strings or a Ref to a list parameter`);
  }
  return (list as unknown[]).map(String);
}

/** The fragment for one item: keys and strings with `${Id}` / `&{Id}` replaced, `{"Ref": "Id"}` the item itself. */
function substitute(value: unknown, identifier: string, item: string): unknown {
  const text = (s: string) =>
    s
      .split(`\${${identifier}}`)
      .join(item)
      .split(`&{${identifier}}`)
      .join(item.replace(/[^A-Za-z0-9]/g, ''));
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((child) => substitute(child, identifier, item));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0][0] === 'Ref' && entries[0][1] === identifier) return item;
  return Object.fromEntries(entries.map(([key, child]) => [text(key), substitute(child, identifier, item)]));
}

function fail(message: string): never {
  throw new TemplateValidationError(`Template format error: ${message}`);
}
