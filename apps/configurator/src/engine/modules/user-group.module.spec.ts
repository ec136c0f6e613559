import { ModuleHarness } from '../testing/module-harness';
import { groupModule, groupScript } from './group.module';
import { userModule, userScript } from './user.module';

describe('user and group modules', () => {
  const harness = new ModuleHarness();
  afterAll(() => harness.cleanup());

  beforeEach(() => {
    harness.shim(
      'getent',
      [
        'case "$1 $2" in',
        '  "passwd zk") echo "zk:x:1001:1001::/var/lib/zookeeper:/bin/sh" ;;',
        '  "group zk") echo "zk:x:1001:" ;;',
        '  "group hadoop") echo "hadoop:x:2000:" ;;',
        '  *) exit 2 ;;',
        'esac',
      ].join('\n'),
    );
    harness.shim('id', 'echo "zk hadoop"');
    for (const tool of ['useradd', 'usermod', 'userdel', 'groupadd', 'groupmod', 'groupdel']) harness.shim(tool);
  });

  it('creates a missing user with useradd', async () => {
    const outcome = await userModule.run(
      { name: 'mesos', uid: 1200, groups: ['hadoop'], shell: '/bin/bash', system: true },
      harness.context(),
    );
    expect(outcome.result).toBe('changed');
    expect(harness.calls()).toContain(
      'useradd --system --uid 1200 --groups hadoop --shell /bin/bash --no-create-home mesos',
    );
  });

  it('leaves a matching user alone and modifies only what differs', async () => {
    expect(
      (await userModule.run({ name: 'zk', home: '/var/lib/zookeeper', groups: ['hadoop'] }, harness.context())).result,
    ).toBe('ok');
    const outcome = await userModule.run({ name: 'zk', shell: '/usr/sbin/nologin', uid: 1001 }, harness.context());
    expect(outcome.output).toBe('shell -> /usr/sbin/nologin');
    expect(harness.calls()).toContain('usermod --shell /usr/sbin/nologin zk');
  });

  it('appends supplementary groups when asked', async () => {
    await userModule.run({ name: 'zk', groups: ['hadoop', 'docker'], append: true }, harness.context());
    expect(harness.calls()).toContain('usermod --append --groups docker zk');
  });

  it('creates, modifies and removes groups', async () => {
    expect((await groupModule.run({ name: 'mesos', gid: 3000 }, harness.context())).result).toBe('changed');
    expect(harness.calls()).toContain('groupadd --gid 3000 mesos');
    expect((await groupModule.run({ name: 'hadoop', gid: 2000 }, harness.context())).result).toBe('ok');
    expect((await groupModule.run({ name: 'hadoop', gid: 2001 }, harness.context())).result).toBe('changed');
    expect(harness.calls()).toContain('groupmod --gid 2001 hadoop');
    expect((await groupModule.run({ name: 'zk', state: 'absent' }, harness.context())).result).toBe('changed');
    expect(harness.calls()).toContain('groupdel zk');
  });

  it('refuses names that would reach the shell', () => {
    expect(() => userScript({ name: 'a;b' })).toThrow();
    expect(() => groupScript({ name: '$(x)' })).toThrow();
  });

  it('runs read-only against the real host in check mode', async () => {
    const real = new ModuleHarness();
    try {
      const ctx = real.context({ check: true });
      expect((await userModule.run({ name: 'nobody' }, ctx)).result).toBe('ok');
      expect((await userModule.run({ name: 'cfn-no-such-user' }, ctx)).result).toBe('changed');
      expect((await groupModule.run({ name: 'cfn-no-such-group' }, ctx)).result).toBe('changed');
    } finally {
      real.cleanup();
    }
  });
});
