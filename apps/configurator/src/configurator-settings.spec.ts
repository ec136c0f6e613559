import { readConfiguratorSettings } from './configurator-settings';

describe('readConfiguratorSettings', () => {
  it('has working defaults and finds the repository roles', () => {
    const settings = readConfiguratorSettings({});
    expect(settings).toMatchObject({
      masterSecret: null,
      prefetch: 50,
      maxHosts: 50,
      maxHostsPerStack: 25,
      taskTimeoutMs: 900_000,
    });
    expect(settings.rolesDir).toMatch(/templates\/roles$/);
  });

  it('reads the environment and refuses a master secret too short to derive keys from', () => {
    const settings = readConfiguratorSettings({
      CFN_SSH_MASTER_SECRET: 'long-enough-secret',
      CONFIGURATOR_MAX_HOSTS: '7',
      CONFIGURATOR_ROLES_DIR: '/r',
    });
    expect(settings).toMatchObject({ masterSecret: 'long-enough-secret', maxHosts: 7, rolesDir: '/r' });
    expect(() => readConfiguratorSettings({ CFN_SSH_MASTER_SECRET: 'short' })).toThrow(/at least 16/);
  });
});
