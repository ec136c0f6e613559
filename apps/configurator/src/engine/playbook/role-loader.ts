import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';

import { parse } from 'yaml';

import { PlaybookError, TaskDefinition } from './task-definition';
import { parseTaskList } from './task-parser';

export interface LoadedRole {
  name: string;
  dir: string;
  tasks: TaskDefinition[];
  handlers: TaskDefinition[];
  /** defaults/main.yaml: the weakest variables, visible to the whole play as in Ansible. */
  defaults: Record<string, unknown>;
}

const ROLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Reads reusable roles kept in the repository (`templates/roles/<name>/`): tasks/main.yaml, handlers/main.yaml,
 * defaults/main.yaml, vars/main.yaml, with files/ and templates/ beside them, as Ansible lays them out.
 */
export class RoleLoader {
  constructor(
    private readonly rolesDir: string,
    private readonly knownModules: ReadonlySet<string>,
  ) {}

  async load(name: string, params: Record<string, unknown>): Promise<LoadedRole> {
    if (!ROLE_NAME.test(name)) throw new PlaybookError(`"${name}" is not a role name`);
    const dir = join(this.rolesDir, name);
    const tasks = await this.readYaml(dir, 'tasks', name);
    if (tasks === undefined)
      throw new PlaybookError(`role "${name}" not found (no tasks/main.yaml under ${this.rolesDir})`);
    const defaults = asMapping(await this.readYaml(dir, 'defaults', name), `role ${name} defaults`);
    const vars = asMapping(await this.readYaml(dir, 'vars', name), `role ${name} vars`);
    const origin = { label: `role ${name}`, roleDir: dir, vars: { ...vars, ...params } };
    return {
      name,
      dir,
      defaults,
      tasks: parseTaskList(tasks, origin, this.knownModules, `role ${name} tasks`),
      handlers: parseTaskList(
        await this.readYaml(dir, 'handlers', name),
        { ...origin, label: `role ${name} handler` },
        this.knownModules,
        `role ${name} handlers`,
      ),
    };
  }

  private async readYaml(dir: string, part: string, role: string): Promise<unknown> {
    for (const file of ['main.yaml', 'main.yml']) {
      let text: string;
      try {
        text = await readFile(join(dir, part, file), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      try {
        return parse(text) ?? null;
      } catch (error) {
        throw new PlaybookError(`role ${role}: ${part}/${file} is not valid YAML: ${(error as Error).message}`);
      }
    }
    return undefined;
  }
}

/** A file of a role's files/ or templates/ folder, refusing paths that climb out of it. */
export async function readRoleFile(
  roleDir: string | undefined,
  kind: 'files' | 'templates',
  path: string,
): Promise<Buffer> {
  if (!roleDir)
    throw new PlaybookError(`src "${path}" needs a role (its ${kind}/ folder); tasks in Metadata use content instead`);
  const base = resolve(roleDir, kind);
  const file = resolve(base, path);
  const inside = relative(base, file);
  if (inside.startsWith('..') || inside === '')
    throw new PlaybookError(`src "${path}" is outside the role's ${kind}/ folder`);
  try {
    return await readFile(file);
  } catch {
    throw new PlaybookError(`src "${path}" not found in ${base}`);
  }
}

function asMapping(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new PlaybookError(`${what} must be a mapping`);
  return value as Record<string, unknown>;
}
