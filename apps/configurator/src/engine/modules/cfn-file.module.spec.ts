import { lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';

import { ModuleHarness } from '../testing/module-harness';
import { cfnFileModule } from './cfn-file.module';
import { sourceScript } from './cfn-source.module';

describe('cfn-init files', () => {
  const harness = new ModuleHarness();
  afterAll(() => harness.cleanup());

  it('renders content with a Mustache context, and the cfn-init mode', async () => {
    const path = harness.path('conf/app.properties');
    const args = {
      path,
      content: 'name={{name}}\nport={{port}}\n',
      context: { name: 'web', port: 8080 },
      mode: '000600',
    };
    expect((await cfnFileModule.run(args, harness.context())).result).toBe('changed');
    expect(readFileSync(path, 'utf8')).toBe('name=web\nport=8080\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await cfnFileModule.run(args, harness.context())).result).toBe('ok');
  });

  it('writes content verbatim without a context (no templating), JSON for a mapping, bytes for base64', async () => {
    await cfnFileModule.run({ path: harness.path('raw'), content: 'keep {{this}}' }, harness.context());
    expect(readFileSync(harness.path('raw'), 'utf8')).toBe('keep {{this}}');
    await cfnFileModule.run({ path: harness.path('json'), content: { a: [1] } }, harness.context());
    expect(JSON.parse(readFileSync(harness.path('json'), 'utf8'))).toEqual({ a: [1] });
    await cfnFileModule.run(
      { path: harness.path('b64'), content: Buffer.from('binary\u0000').toString('base64'), encoding: 'base64' },
      harness.context(),
    );
    expect(readFileSync(harness.path('b64'))).toEqual(Buffer.from('binary\u0000'));
  });

  it('makes a symbolic link for mode 120xxx', async () => {
    const path = harness.path('current');
    expect((await cfnFileModule.run({ path, content: '/opt/app-1.2', mode: '120644' }, harness.context())).result).toBe(
      'changed',
    );
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path)).toBe('/opt/app-1.2');
  });

  it('fetches source from a URL through the configurator', async () => {
    const ctx = harness.context({ download: async (url) => Buffer.from(`from ${url}`) });
    await cfnFileModule.run({ path: harness.path('fetched'), source: 'http://127.0.0.1/file' }, ctx);
    expect(readFileSync(harness.path('fetched'), 'utf8')).toBe('from http://127.0.0.1/file');
  });
});

describe('cfn-init sources', () => {
  it('unpacks once per directory and URL (a marker makes the next run a no-op)', () => {
    const { probe, apply } = sourceScript({ dest: '/opt/app', url: 'https://example.invalid/app.tar.gz' });
    expect(probe).toMatch(/m=\/var\/lib\/cfn-cloudstack\/sources\/[0-9a-f]{64}/);
    expect(apply).toContain('tar -xf "$a" -C "$d"');
    expect(apply).toContain('unzip -o -q "$a" -d "$d"');
    expect(() => sourceScript({ dest: '/x', url: 'file:///etc/passwd' })).toThrow(/http/);
  });
});
