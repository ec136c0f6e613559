import { createHash } from 'node:crypto';

import { noEchoParameterNames, parseTemplate, TemplateDocument } from '@cfn/template';

export interface DeclaredParameter {
  key: string;
  defaultValue?: string;
  noEcho: boolean;
}

const MEMO_SIZE = 1000;
const memo = new Map<string, DeclaredParameter[] | null>();

/**
 * The parameters a template declares, in template order (null if the body cannot be read). Describe calls repeat
 * for the same few templates, so answers are kept by the body's digest.
 */
export function declaredParameters(templateBody: string): DeclaredParameter[] | null {
  const digest = digestOf(templateBody);
  const known = memo.get(digest);
  if (known !== undefined) return known;
  let declared: DeclaredParameter[] | null;
  try {
    declared = read(parseTemplate(templateBody));
  } catch {
    declared = null;
  }
  remember(digest, declared);
  return declared;
}

/**
 * Records the parameters of a template the caller has just parsed (CreateStack, UpdateStack), so the first
 * DescribeStacks of a large template does not parse it again while the stack's creation is busy.
 */
export function rememberDeclaredParameters(templateBody: string, template: TemplateDocument): void {
  remember(digestOf(templateBody), read(template));
}

function digestOf(templateBody: string): string {
  return createHash('sha1').update(templateBody).digest('hex');
}

function remember(digest: string, declared: DeclaredParameter[] | null): void {
  memo.delete(digest);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(digest, declared);
}

function read(template: TemplateDocument): DeclaredParameter[] {
  const noEcho = new Set(noEchoParameterNames(template));
  return Object.entries(template.Parameters ?? {}).map(([key, definition]) => {
    const fallback = definition.Default;
    const defaultValue =
      fallback === undefined ? undefined : Array.isArray(fallback) ? fallback.join(',') : String(fallback);
    return { key, defaultValue, noEcho: noEcho.has(key) };
  });
}
