import { PlaybookError } from '../playbook/task-definition';
import { cfnInitTasks } from './cfn-init-tasks';
import { resolveConfigKeys } from './config-sets';

describe('resolveConfigKeys', () => {
  const init = {
    configSets: { default: ['base', { ConfigSet: 'app' }], app: 'web', loop: [{ ConfigSet: 'loop' }] },
    base: {},
    web: {},
    config: {},
  };

  it('expands config sets, nested ones included, in order', () => {
    expect(resolveConfigKeys(init)).toEqual(['base', 'web']);
    expect(resolveConfigKeys(init, ['app'])).toEqual(['web']);
  });

  it('uses the single config key without configSets: the implicit set "default"', () => {
    expect(resolveConfigKeys({ config: {} })).toEqual(['config']);
    expect(resolveConfigKeys({ config: {} }, ['default'])).toEqual(['config']);
    expect(resolveConfigKeys({})).toEqual([]);
    expect(() => resolveConfigKeys({ config: {} }, ['InstallAndRun'])).toThrow(
      /configSet "InstallAndRun" is not defined/,
    );
  });

  it('runs the requested sets in order (cfn-init -c a,b), each expanded', () => {
    expect(resolveConfigKeys(init, ['app', 'default'])).toEqual(['web', 'base', 'web']);
  });

  it('says how to name the sets when "default" is missing', () => {
    expect(() => resolveConfigKeys({ configSets: { InstallAndRun: ['config'] }, config: {} })).toThrow(
      /configSet "default" is not defined \(cfn-init runs "default" unless UserData's cfn-init call names others/,
    );
  });

  it('refuses unknown and self-referring sets', () => {
    expect(() => resolveConfigKeys(init, ['nope'])).toThrow(/not defined/);
    expect(() => resolveConfigKeys(init, ['loop'])).toThrow(/refers to itself/);
  });
});

describe('cfnInitTasks', () => {
  const init = {
    config: {
      services: {
        sysvinit: {
          nginx: {
            enabled: 'true',
            ensureRunning: 'true',
            files: ['/etc/nginx/nginx.conf'],
            packages: { apt: ['nginx'] },
          },
        },
      },
      commands: {
        '02_second': { command: 'echo 2' },
        '01_first': { command: ['echo', '1'], cwd: '/tmp', test: 'true', ignoreErrors: 'true' },
      },
      files: { '/etc/nginx/nginx.conf': { content: 'x', mode: '000644', owner: 'root' } },
      sources: { '/opt/app': 'https://example.invalid/app.tar.gz' },
      users: { app: { groups: ['web'], uid: '50', homeDir: '/opt/app' } },
      groups: { web: { gid: '45' } },
      packages: { apt: { nginx: [], curl: ['7.88'] } },
    },
  };

  it("keeps cfn-init's order: packages, groups, users, sources, files, commands by name, services", () => {
    const tasks = cfnInitTasks(init);
    expect(tasks.map((task) => task.name)).toEqual([
      'config: packages (apt) nginx curl=7.88',
      'config: group web',
      'config: user app',
      'config: source /opt/app',
      'config: file /etc/nginx/nginx.conf',
      'config: command 01_first',
      'config: command 02_second',
      'config: service nginx',
      'config: restart service nginx (watched files changed)',
    ]);
    expect(tasks.every((task) => task.literal)).toBe(true);
  });

  it('maps each section to a module with cfn-init semantics', () => {
    const [packages, group, user, source, file, first, second, service, restart] = cfnInitTasks(init);
    expect(packages.args).toEqual({ name: ['nginx', 'curl=7.88'], state: 'present' });
    expect(group.args).toEqual({ name: 'web', gid: '45' });
    expect(user.args).toEqual({
      name: 'app',
      shell: '/sbin/nologin',
      append: true,
      uid: '50',
      groups: ['web'],
      home: '/opt/app',
    });
    expect(source).toMatchObject({
      module: 'cfn_source',
      args: { dest: '/opt/app', url: 'https://example.invalid/app.tar.gz' },
    });
    expect(file).toMatchObject({
      module: 'cfn_file',
      args: { path: '/etc/nginx/nginx.conf', content: 'x', mode: '000644', owner: 'root' },
    });
    expect(first).toMatchObject({
      module: 'command',
      args: { argv: ['echo', '1'], chdir: '/tmp', test: 'true' },
      ignoreErrors: true,
    });
    expect(second).toMatchObject({ module: 'shell', args: { cmd: 'echo 2' }, ignoreErrors: false });
    expect(service.args).toEqual({ name: 'nginx', state: 'started', enabled: true });
    expect(restart.args).toEqual({ name: 'nginx', state: 'restarted' });
    expect(restart.when).toBe(
      `(${file.register}.changed or ${packages.register}.changed) and not ${service.register}.changed`,
    );
  });

  it('refuses what apt hosts cannot do', () => {
    expect(() => cfnInitTasks({ config: { packages: { yum: { httpd: [] } } } })).toThrow(PlaybookError);
    expect(() => cfnInitTasks({ config: { services: { windows: {} } } })).toThrow(/not supported/);
    expect(() => cfnInitTasks({ config: { bogus: {} } })).toThrow(/unknown keys/);
  });
});
