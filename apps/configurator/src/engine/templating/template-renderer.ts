import { Environment } from 'nunjucks';

import { addJinjaFilters } from './jinja-filters';

export type TemplateVariables = Record<string, unknown>;

export class TemplateError extends Error {}

const WHOLE_EXPRESSION = /^\{\{\s*([\s\S]+?)\s*\}\}$/;

/**
 * Jinja2-style templating for task arguments, `when` conditions, loops and template files (nunjucks with Ansible's
 * trim_blocks and the Ansible filters added). Undefined variables are errors, as in Ansible, not empty text.
 */
export class TemplateRenderer {
  private readonly env = new Environment(null, { autoescape: false, throwOnUndefined: true, trimBlocks: true });

  constructor() {
    addJinjaFilters(this.env);
  }

  render(text: string, variables: TemplateVariables): string {
    if (!text.includes('{{') && !text.includes('{%')) return text;
    try {
      return this.env.renderString(text, variables);
    } catch (error) {
      throw new TemplateError(`cannot render template "${abbreviate(text)}": ${describe(error)}`);
    }
  }

  /** The value of one expression, as a value (list, number, object), not as text. */
  evaluate(expression: string, variables: TemplateVariables): unknown {
    let json: string;
    try {
      json = this.env.renderString(`{{ (${expression}) | dump }}`, variables);
    } catch (error) {
      throw new TemplateError(`cannot evaluate "${abbreviate(expression)}": ${describe(error)}`);
    }
    return json === '' ? undefined : JSON.parse(json);
  }

  /** Ansible's `when`: a boolean, an expression (without braces), or a list of them that must all hold. */
  condition(when: unknown, variables: TemplateVariables): boolean {
    if (when === undefined || when === null) return true;
    if (typeof when === 'boolean') return when;
    if (Array.isArray(when)) return when.every((part) => this.condition(part, variables));
    const expression = String(when)
      .trim()
      .replace(/^\{\{\s*([\s\S]*?)\s*\}\}$/, '$1');
    try {
      return this.env.renderString(`{% if ${expression} %}true{% else %}false{% endif %}`, variables) === 'true';
    } catch (error) {
      throw new TemplateError(`cannot evaluate condition "${abbreviate(expression)}": ${describe(error)}`);
    }
  }

  /**
   * Renders every string inside a value. A string that is one whole `{{ expression }}` becomes the expression's
   * value (so `port: "{{ zk_port }}"` stays a number and `loop: "{{ groups.zk }}"` a list), as in Ansible.
   */
  renderValue(value: unknown, variables: TemplateVariables): unknown {
    if (typeof value === 'string') {
      const whole = WHOLE_EXPRESSION.exec(value);
      if (whole && !whole[1].includes('}}')) return this.evaluate(whole[1], variables);
      return this.render(value, variables);
    }
    if (Array.isArray(value)) return value.map((item) => this.renderValue(item, variables));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.renderValue(item, variables)]));
    }
    return value;
  }
}

function abbreviate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

function describe(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  // nunjucks prefixes "(unknown path) [Line 1, Column 3]\n  "; keep what explains the problem.
  const detail = message
    .replace(/^\(unknown path\)\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return detail.includes('attempted to output null or undefined value')
    ? `${detail} (a variable is undefined)`
    : detail;
}
