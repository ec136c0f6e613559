import { Environment } from 'nunjucks';
import { stringify } from 'yaml';

type Keywords = { __keywords?: boolean; [name: string]: unknown };

function keywordsOf(args: unknown[]): Keywords {
  const last = args[args.length - 1] as Keywords | undefined;
  return last && typeof last === 'object' && last.__keywords ? last : {};
}

function attribute(item: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], item);
}

function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

/**
 * The Jinja2 / Ansible filters playbooks use most that nunjucks lacks, so templates written for Ansible render
 * unchanged: map, selectattr, rejectattr, to_json, to_nice_json, to_yaml, b64encode, b64decode, bool,
 * regex_replace, basename, dirname, quote.
 */
export function addJinjaFilters(env: Environment): void {
  env.addFilter('map', function map(this: unknown, list: unknown[], ...args: unknown[]) {
    const keywords = keywordsOf(args);
    if (typeof keywords.attribute === 'string')
      return (list ?? []).map((item) => attribute(item, keywords.attribute as string));
    const filterName = args[0];
    if (typeof filterName !== 'string') throw new Error('map needs attribute="..." or a filter name');
    const filter = env.getFilter(filterName);
    const rest = args.slice(1).filter((arg) => !(arg && typeof arg === 'object' && (arg as Keywords).__keywords));
    return (list ?? []).map((item) => filter.call(this, item, ...rest));
  });
  const select = (keep: boolean) => (list: unknown[], path: string, test?: string, value?: unknown) =>
    (list ?? []).filter((item) => {
      const actual = attribute(item, path);
      const passes =
        test === undefined
          ? truthy(actual)
          : test === 'equalto' || test === '==' || test === 'eq'
            ? actual === value
            : test === 'defined'
              ? actual !== undefined
              : test === 'undefined'
                ? actual === undefined
                : (() => {
                    throw new Error(`selectattr test "${test}" is not supported`);
                  })();
      return passes === keep;
    });
  env.addFilter('selectattr', select(true));
  env.addFilter('rejectattr', select(false));
  env.addFilter('to_json', (value: unknown) => JSON.stringify(value));
  env.addFilter('to_nice_json', (value: unknown, indent = 4) => JSON.stringify(value, null, indent));
  env.addFilter('to_yaml', (value: unknown) => stringify(value));
  env.addFilter('b64encode', (value: string) => Buffer.from(String(value), 'utf8').toString('base64'));
  env.addFilter('b64decode', (value: string) => Buffer.from(String(value), 'base64').toString('utf8'));
  env.addFilter('bool', (value: unknown) =>
    typeof value === 'string' ? ['yes', 'on', 'true', '1', 'y'].includes(value.trim().toLowerCase()) : Boolean(value),
  );
  env.addFilter('regex_replace', (value: string, pattern: string, replacement = '') =>
    String(value).replace(new RegExp(pattern, 'g'), replacement.replace(/\\(\d)/g, '$$$1')),
  );
  env.addFilter('basename', (value: string) => String(value).replace(/\/+$/, '').split('/').pop() ?? '');
  env.addFilter('dirname', (value: string) => String(value).replace(/\/[^/]*$/, '') || '/');
  env.addFilter('quote', (value: unknown) => `'${String(value).replace(/'/g, `'\\''`)}'`);
}
