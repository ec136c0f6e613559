import { parseSubString, splitSubVariable } from './sub-string';

/** A name used by Ref, Fn::GetAtt or an Fn::Sub variable somewhere inside a value. */
export interface TemplateReference {
  via: 'Ref' | 'Fn::GetAtt' | 'Fn::Sub';
  target: string;
  attribute?: string;
}

/** Every Ref / Fn::GetAtt / Fn::Sub variable found in a value, in document order. */
export function collectReferences(value: unknown): TemplateReference[] {
  const found: TemplateReference[] = [];
  walk(value, found);
  return found;
}

function walk(value: unknown, found: TemplateReference[]): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, found);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, argument] = entries[0];
    if (key === 'Ref' && typeof argument === 'string') {
      found.push({ via: 'Ref', target: argument });
      return;
    }
    if (key === 'Fn::GetAtt') {
      const getAtt = getAttTarget(argument);
      if (getAtt) {
        found.push({ via: 'Fn::GetAtt', ...getAtt });
        if (Array.isArray(argument)) walk(argument[1], found);
        return;
      }
    }
    if (key === 'Fn::Sub') {
      walkSub(argument, found);
      return;
    }
  }
  for (const [, item] of entries) walk(item, found);
}

function getAttTarget(argument: unknown): { target: string; attribute?: string } | undefined {
  if (typeof argument === 'string') {
    const [target, attribute] = splitSubVariable(argument);
    return { target, attribute };
  }
  if (Array.isArray(argument) && typeof argument[0] === 'string') {
    return { target: argument[0], attribute: typeof argument[1] === 'string' ? argument[1] : undefined };
  }
  return undefined;
}

function walkSub(argument: unknown, found: TemplateReference[]): void {
  const [text, variables] = Array.isArray(argument) ? argument : [argument, undefined];
  const local = variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : {};
  if (typeof text === 'string') {
    for (const part of parseSubString(text)) {
      if (!('variable' in part) || Object.prototype.hasOwnProperty.call(local, part.variable)) continue;
      const [target, attribute] = splitSubVariable(part.variable);
      found.push({ via: 'Fn::Sub', target, attribute });
    }
  } else {
    walk(text, found);
  }
  walk(local, found);
}
