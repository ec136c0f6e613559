import { ModuleHarness } from '../testing/module-harness';
import { packageModule, packageScript } from './package.module';

describe('package module (apt)', () => {
  const harness = new ModuleHarness();
  afterAll(() => harness.cleanup());

  beforeEach(() => {
    // dpkg-query answers: nginx 1.22 installed, everything else unknown.
    harness.shim(
      'dpkg-query',
      'for last; do :; done; if [ "$last" = nginx ]; then printf "install ok installed 1.22"; else exit 1; fi',
    );
    harness.shim('apt-get');
    harness.shim('apt-cache', 'echo "  Candidate: 1.24"');
  });

  it('installs only what is missing or at another version', async () => {
    const outcome = await packageModule.run(
      { name: ['nginx', 'zookeeperd', 'curl=8.0'], update_cache: true },
      harness.context(),
    );
    expect(outcome.result).toBe('changed');
    const calls = harness.calls().filter((call) => call.startsWith('apt-get'));
    expect(calls).toEqual([
      'apt-get -y -q -o DPkg::Lock::Timeout=300 update',
      'apt-get -y -q -o DPkg::Lock::Timeout=300 install zookeeperd curl=8.0',
    ]);
  });

  it('reports ok without calling apt when everything is installed', async () => {
    const before = harness.calls().length;
    expect((await packageModule.run({ name: 'nginx' }, harness.context())).result).toBe('ok');
    expect((await packageModule.run({ name: 'nginx=1.22' }, harness.context())).result).toBe('ok');
    expect(
      harness
        .calls()
        .slice(before)
        .some((call) => call.startsWith('apt-get')),
    ).toBe(false);
  });

  it('upgrades to the candidate with state latest and removes with state absent', async () => {
    expect((await packageModule.run({ name: 'nginx', state: 'latest' }, harness.context({ check: true }))).output).toBe(
      'install latest nginx',
    );
    expect((await packageModule.run({ name: 'nginx', state: 'absent' }, harness.context())).result).toBe('changed');
    expect(harness.calls()).toContain('apt-get -y -q -o DPkg::Lock::Timeout=300 remove nginx');
    expect((await packageModule.run({ name: 'absentpkg', state: 'absent' }, harness.context())).result).toBe('ok');
  });

  it('refuses names that are not package names (no shell injection)', () => {
    expect(() => packageScript({ name: 'nginx; rm -rf /' })).toThrow(/not a Debian package name/);
  });

  it('reports what it would install in check mode, and installs nothing', async () => {
    const before = harness.calls().length;
    const outcome = await packageModule.run({ name: 'zookeeperd' }, harness.context({ check: true }));
    expect(outcome).toEqual({ result: 'changed', output: 'install zookeeperd' });
    expect(
      harness
        .calls()
        .slice(before)
        .some((call) => call.startsWith('apt-get')),
    ).toBe(false);
  });
});
