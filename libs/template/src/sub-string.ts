/** One piece of an Fn::Sub string: literal text, or a `${Name}` / `${Res.Attr}` variable. */
export type SubPart = { literal: string } | { variable: string };

/**
 * Splits an Fn::Sub string into literals and variables. `${!Literal}` is the escape
 * for a literal `${Literal}`; a `${` without its closing `}` is kept as text, as AWS does.
 */
export function parseSubString(text: string): SubPart[] {
  const parts: SubPart[] = [];
  let literal = '';
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf('${', index);
    const end = start < 0 ? -1 : text.indexOf('}', start + 2);
    if (start < 0 || end < 0) {
      literal += text.slice(index);
      break;
    }
    literal += text.slice(index, start);
    const inner = text.slice(start + 2, end);
    if (inner.startsWith('!')) {
      literal += '${' + inner.slice(1) + '}';
    } else {
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ variable: inner.trim() });
    }
    index = end + 1;
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** `Res.Attr` -> ['Res', 'Attr']; names without a dot (parameters, `AWS::Region`) -> [name]. */
export function splitSubVariable(variable: string): [string] | [string, string] {
  const dot = variable.indexOf('.');
  return dot < 0 ? [variable] : [variable.slice(0, dot), variable.slice(dot + 1)];
}
