import { parseDocument } from 'yaml';
import { TemplateFormatError } from './errors';
import type { TemplateDocument } from './template-types';
import { cloudFormationTags } from './yaml-short-tags';

const UNSUPPORTED_STRUCTURE = 'Template format error: unsupported structure.';

/** Reads a template body, JSON when it starts with `{`, YAML (with the short-form tags) otherwise. */
export function parseTemplate(body: string): TemplateDocument {
  const parsed = body.trimStart().startsWith('{') ? parseJson(body) : parseYaml(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TemplateFormatError(UNSUPPORTED_STRUCTURE);
  }
  return parsed as TemplateDocument;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    const match = /at position (\d+)/.exec((error as Error).message);
    const offset = match ? Number(match[1]) : body.length;
    const { line, column } = lineAndColumn(body, offset);
    throw new TemplateFormatError(
      `Template format error: JSON not well-formed. (line ${line}, column ${column})`,
      line,
      column,
    );
  }
}

function parseYaml(body: string): unknown {
  const document = parseDocument(body, { customTags: cloudFormationTags(), uniqueKeys: true, prettyErrors: true });
  // An unknown `!Tag` is only a warning to the yaml package; CloudFormation cannot read it either.
  const error = document.errors[0] ?? document.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
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
  return document.toJS({ maxAliasCount: 1000 });
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
