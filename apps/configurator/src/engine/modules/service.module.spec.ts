import { readdirSync } from 'node:fs';

import { ModuleHarness } from '../testing/module-harness';
import { serviceModule, serviceScript } from './service.module';

describe('service module', () => {
  const harness = new ModuleHarness();
  afterAll(() => harness.cleanup());

  it('uses systemd when it runs and service/update-rc.d (sysvinit) otherwise', () => {
    const { probe, apply } = serviceScript({ name: 'zookeeper', state: 'started', enabled: true });
    expect(probe).toContain('[ -d /run/systemd/system ]');
    expect(probe).toContain('service "$n" status');
    expect(probe).toContain('update-rc.d "$n" defaults && update-rc.d "$n" enable');
    expect(probe).toContain('systemctl enable "$n"');
    expect(apply).toContain('svc start');
  });

  it('starts a stopped service through the init system and leaves a running one alone', async () => {
    // Any init script of this machine will do (openssh-server brings one): `service` is a shim, nothing really starts.
    const name = readdirSync('/etc/init.d').find((entry) => /^[a-z][a-z0-9-]*$/.test(entry));
    if (!name) throw new Error('this spec needs one script in /etc/init.d');
    const state = harness.path('running');
    harness.shim('service', `case "$2" in status) [ -e '${state}' ] ;; start) touch '${state}' ;; esac`);
    harness.shim(
      'systemctl',
      `case "$1" in is-active) [ -e '${state}' ] ;; start) touch '${state}' ;; cat) exit 0 ;; esac`,
    );
    const ctx = harness.context();
    expect((await serviceModule.run({ name, state: 'started' }, ctx)).result).toBe('changed');
    expect(harness.calls().some((call) => call === `service ${name} start` || call === `systemctl start ${name}`)).toBe(
      true,
    );
    expect((await serviceModule.run({ name, state: 'started' }, ctx)).result).toBe('ok');
    expect((await serviceModule.run({ name, state: 'restarted' }, ctx)).result).toBe('changed');
  });

  it('fails for a service that is not installed, but only says so in check mode', async () => {
    const real = new ModuleHarness();
    try {
      const checked = await serviceModule.run(
        { name: 'cfn-no-such-service', state: 'started' },
        real.context({ check: true }),
      );
      expect(checked).toMatchObject({ result: 'changed', output: 'service cfn-no-such-service is not installed' });
      const applied = await serviceModule.run({ name: 'cfn-no-such-service', state: 'started' }, real.context());
      expect(applied.result).toBe('failed');
    } finally {
      real.cleanup();
    }
  });

  it('refuses names that would reach the shell', () => {
    expect(() => serviceScript({ name: 'x; reboot', state: 'started' })).toThrow();
    expect(() => serviceScript({ name: 'x' })).toThrow(/state or enabled/);
  });
});
