import { type Document, isAlias, parseDocument, visit } from 'yaml';

import { TemplateFormatError } from './errors';
import type { TemplateDocument } from './template-types';
import { indentFlowContinuations } from './yaml-flow-indentation';
import { cloudFormationTags } from './yaml-short-tags';

const UNSUPPORTED_STRUCTURE = 'Template format error: unsupported structure.';

/** Deeper documents are refused: evaluation recurses, and a YAML alias can even make a document contain itself. */
export const MAX_TEMPLATE_DEPTH = 128;

/** Reads a template body, JSON when it starts with `{`, YAML (with the short-form tags) otherwise. */
export function parseTemplate(body: string): TemplateDocument {
  const parsed = body.trimStart().startsWith('{') ? parseJson(body) : parseYaml(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TemplateFormatError(UNSUPPORTED_STRUCTURE);
  }
  if (depthExceeds(parsed, MAX_TEMPLATE_DEPTH)) {
    throw new TemplateFormatError(
      `Template format error: maps and lists are nested more than ${MAX_TEMPLATE_DEPTH} levels deep`,
    );
  }
  return parsed as TemplateDocument;
}

function depthExceeds(root: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[root, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) pending.push([child, depth + 1]);
  }
  return false;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    const match = /at position (\d+)/.exec((error as Error).message);
    const offset = match ? Number(match[1]) : body.length;
    // AWS's parser (Jackson) places an unexpected character's error just after it: `{"a"=1}` is column 5.
    const { line, column } = lineAndColumn(body, offset < body.length ? offset + 1 : offset);
    throw new TemplateFormatError(
      `Template format error: JSON not well-formed. (line ${line}, column ${column})`,
      line,
      column,
    );
  }
}

function parseYaml(body: string): unknown {
  let source = body;
  let document = readYaml(body);
  let error: ReturnType<typeof yamlError> | undefined = yamlError(document);
  if (error) {
    // Quoted scalars and flow collections continued at their key's column: refused by YAML, read by PyYAML and
    // cfn-lint (see yaml-flow-indentation). Lines keep their numbers, so an error found again is placed right.
    // Best effort: a body the relaxing pass cannot read keeps the strict parse's error.
    const relaxed = tryIndentFlowContinuations(body);
    if (relaxed !== body) {
      const again = readYaml(relaxed);
      if (!yamlError(again)) {
        source = relaxed;
        document = again;
        error = undefined;
      }
    }
  }
  if (error) {
    const { line, column } = error.linePos?.[0]
      ? { line: error.linePos[0].line, column: error.linePos[0].col }
      : lineAndColumn(body, error.pos[0]);
    throw new TemplateFormatError(
      `Template format error: YAML not well-formed. (line ${line}, column ${column})`,
      line,
      column,
    );
  }
  try {
    return document.toJS({ maxAliasCount: 1000 });
  } catch {
    // An alias without its anchor, or aliases expanding past the limit (a "billion laughs" document).
    const { line, column } = lineAndColumn(source, unresolvedAliasOffset(document));
    throw new TemplateFormatError(
      `Template format error: YAML not well-formed. (line ${line}, column ${column})`,
      line,
      column,
    );
  }
}

function readYaml(body: string): Document.Parsed {
  return parseDocument(body, { customTags: cloudFormationTags(), uniqueKeys: true, prettyErrors: true });
}

/** The first error; an unknown `!Tag` is only a warning to the yaml package, but CloudFormation cannot read it either. */
function yamlError(document: Document.Parsed) {
  return document.errors[0] ?? document.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
}

function unresolvedAliasOffset(document: Document.Parsed): number {
  let offset = 0;
  visit(document, {
    Alias(_key, node) {
      if (isAlias(node) && node.resolve(document) === undefined) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function tryIndentFlowContinuations(body: string): string {
  try {
    return indentFlowContinuations(body);
  } catch {
    return body;
  }
}
