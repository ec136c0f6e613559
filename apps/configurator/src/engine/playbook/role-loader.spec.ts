import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ModuleHarness } from '../testing/module-harness';
import { buildPlay } from './play-builder';
import { readRoleFile, RoleLoader } from './role-loader';
import { PlaybookError } from './task-definition';

describe('roles and plays', () => {
  const harness = new ModuleHarness();
  const rolesDir = harness.path('roles');
  const modules = new Set(['copy', 'template', 'shell', 'service']);
  const loader = new RoleLoader(rolesDir, modules);

  beforeAll(() => {
    const role = join(rolesDir, 'web');
    for (const part of ['tasks', 'handlers', 'defaults', 'vars', 'files'])
      mkdirSync(join(role, part), { recursive: true });
    writeFileSync(
      join(role, 'tasks/main.yml'),
      '- name: page\n  copy: { src: index.html, dest: /var/www/index.html }\n  notify: reload web\n',
    );
    writeFileSync(
      join(role, 'handlers/main.yaml'),
      '- name: reload web\n  service: { name: nginx, state: reloaded }\n',
    );
    writeFileSync(join(role, 'defaults/main.yaml'), 'port: 80\nworkers: 2\n');
    writeFileSync(join(role, 'vars/main.yaml'), 'workers: 4\n');
    writeFileSync(join(role, 'files/index.html'), '<h1>hi</h1>');
    mkdirSync(join(rolesDir, 'broken/tasks'), { recursive: true });
    writeFileSync(join(rolesDir, 'broken/tasks/main.yaml'), '- name: [unclosed\n');
  });
  afterAll(() => harness.cleanup());

  it('loads tasks, handlers, defaults and vars (role parameters win over vars)', async () => {
    const role = await loader.load('web', { workers: 8 });
    expect(role.tasks.map((task) => [task.name, task.module, task.origin.label])).toEqual([
      ['page', 'copy', 'role web'],
    ]);
    expect(role.handlers.map((task) => task.name)).toEqual(['reload web']);
    expect(role.defaults).toEqual({ port: 80, workers: 2 });
    expect(role.tasks[0].origin.vars).toEqual({ workers: 8 });
  });

  it('reads files of the role and refuses paths that leave it', async () => {
    const dir = join(rolesDir, 'web');
    expect((await readRoleFile(dir, 'files', 'index.html')).toString()).toBe('<h1>hi</h1>');
    await expect(readRoleFile(dir, 'files', '../tasks/main.yml')).rejects.toThrow(/outside/);
    await expect(readRoleFile(dir, 'files', '/etc/passwd')).rejects.toThrow(/outside/);
    await expect(readRoleFile(undefined, 'files', 'x')).rejects.toThrow(/needs a role/);
  });

  it('says which role is missing or broken', async () => {
    await expect(loader.load('nope', {})).rejects.toThrow(/role "nope" not found/);
    await expect(loader.load('../etc', {})).rejects.toThrow(PlaybookError);
    await expect(loader.load('broken', {})).rejects.toThrow(/not valid YAML/);
  });

  it('builds one play: cfn-init first, then roles, then tasks; defaults under play vars', async () => {
    const play = await buildPlay(
      {
        'AWS::CloudFormation::Init': { config: { commands: { a: { command: 'true' } } } },
        'CloudStack::Configure': {
          vars: { port: 8080 },
          roles: [{ role: 'web', workers: 3 }],
          tasks: [{ name: 'last', shell: 'true', notify: 'reload web' }],
        },
      },
      loader,
      modules,
    );
    expect(play.tasks.map((task) => task.name)).toEqual(['config: command a', 'page', 'last']);
    expect(play.vars).toEqual({ port: 8080, workers: 2 });
    expect(play.handlers.map((task) => task.name)).toEqual(['reload web']);
  });

  it("runs the config sets UserData's cfn-init call names, unless CloudStack::Configure names others", async () => {
    const init = {
      configSets: { Install: ['a'], Run: ['b'] },
      a: { commands: { a: { command: 'true' } } },
      b: { commands: { b: { command: 'true' } } },
    };
    const names = async (metadata: Record<string, unknown>, sets?: string[]) =>
      (await buildPlay(metadata, loader, modules, sets)).tasks.map((task) => task.name);
    expect(await names({ 'AWS::CloudFormation::Init': init }, ['Run', 'Install'])).toEqual([
      'b: command b',
      'a: command a',
    ]);
    expect(
      await names({ 'AWS::CloudFormation::Init': init, 'CloudStack::Configure': { configSets: 'Install' } }, ['Run']),
    ).toEqual(['a: command a']);
    await expect(names({ 'AWS::CloudFormation::Init': init })).rejects.toThrow(/configSet "default" is not defined/);
  });
});
