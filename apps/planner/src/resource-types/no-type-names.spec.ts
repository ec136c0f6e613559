import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { ResourceRegistry } from '@cfn/resources';

/**
 * The planner's passes never test a resource type (docs: "Resource types as plugins"): what a type does differently
 * lives in its hooks under resource-types/. Outside that folder no source file (specs aside: they build templates)
 * may name a type, compare `resourceType`, or ask a plugin who carries it out.
 */
const PLANNER_SRC = join(__dirname, '..');
const TYPE_MODULES = join(PLANNER_SRC, 'resource-types');
const TYPE_STRING = /\b(?:AWS|CloudStack)::[A-Za-z0-9]+::[A-Za-z0-9]+/;
/** A type compared with a constant or a literal, a plugin's executor, or a type constant imported. */
const TYPE_TEST =
  /(?:resourceType|\.Type)\s*[!=]==\s*(?:['"`]|[A-Z_]{3,})|(?:['"`]|\b[A-Z_]{3,})\S*\s*[!=]==\s*[\w.]+\.(?:resourceType|Type)\b|\.executor\b|\bSIGNALLED_TYPES\b|\b[A-Z_]+_TYPE\b/;
/**
 * Lines that name a type without testing one: a stack's own DescribeStackEvents lines carry the stack's type, as
 * on AWS.
 */
const ALLOWED = new Set([
  'stack-engine/stack-event-writer.ts: resourceType: NESTED_STACK_TYPE,',
  "stack-engine/stack-event-writer.ts: import { NESTED_STACK_TYPE } from '@cfn/resources';",
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === TYPE_MODULES ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function allowed(file: string, line: string): boolean {
  return ALLOWED.has(`${relative(PLANNER_SRC, file)}: ${line.trim()}`);
}

describe('resource types in the planner', () => {
  const files = sourceFiles(PLANNER_SRC);
  const registered = ResourceRegistry.default().types();

  it('scans the planner', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(registered.length).toBeGreaterThan(20);
  });

  it('names no resource type outside resource-types/', () => {
    const offences = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => {
          const named = TYPE_STRING.exec(line)?.[0] ?? registered.find((type) => line.includes(type));
          return named && !allowed(file, line) ? [`${relative(PLANNER_SRC, file)}:${index + 1}: ${named}`] : [];
        }),
    );
    expect(offences).toEqual([]);
  });

  it('tests no resource type outside resource-types/', () => {
    const offences = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          TYPE_TEST.test(line) && !allowed(file, line)
            ? [`${relative(PLANNER_SRC, file)}:${index + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(offences).toEqual([]);
  });
});
