import { existsSync, lstatSync, readlinkSync, statSync, writeFileSync } from 'node:fs';

import { ModuleHarness } from '../testing/module-harness';
import { fileModule } from './file.module';

describe('file module', () => {
  const harness = new ModuleHarness();
  afterAll(() => harness.cleanup());

  it('makes directories with a mode, idempotently', async () => {
    const path = harness.path('a/b/c');
    const ctx = harness.context();
    expect((await fileModule.run({ path, state: 'directory', mode: '0750' }, ctx)).result).toBe('changed');
    expect(statSync(path).isDirectory()).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o750);
    expect((await fileModule.run({ path, state: 'directory', mode: '0750' }, ctx)).result).toBe('ok');
  });

  it('makes and repairs symbolic links', async () => {
    const path = harness.path('link');
    const ctx = harness.context();
    expect((await fileModule.run({ path, state: 'link', src: '/etc/hostname' }, ctx)).result).toBe('changed');
    expect(readlinkSync(path)).toBe('/etc/hostname');
    expect((await fileModule.run({ path, state: 'link', src: '/etc/hostname' }, ctx)).result).toBe('ok');
    expect((await fileModule.run({ path, state: 'link', src: '/etc/hosts' }, ctx)).result).toBe('changed');
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
  });

  it('removes, touches, and refuses to invent files with state file', async () => {
    const path = harness.path('gone');
    writeFileSync(path, 'x');
    const ctx = harness.context();
    expect((await fileModule.run({ path, state: 'absent' }, ctx)).result).toBe('changed');
    expect(existsSync(path)).toBe(false);
    expect((await fileModule.run({ path, state: 'absent' }, ctx)).result).toBe('ok');
    expect((await fileModule.run({ path, state: 'file' }, ctx)).result).toBe('failed');
    expect((await fileModule.run({ path, state: 'touch' }, ctx)).result).toBe('changed');
    expect(existsSync(path)).toBe(true);
  });
});
