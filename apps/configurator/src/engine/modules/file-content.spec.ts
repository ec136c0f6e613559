import { readFileSync, statSync, writeFileSync } from 'node:fs';

import { ModuleHarness } from '../testing/module-harness';
import { copyModule } from './copy.module';
import { lineInFileModule } from './lineinfile.module';
import { templateModule } from './template.module';

describe('copy, template and lineinfile on a real file system', () => {
  const harness = new ModuleHarness();
  afterAll(() => harness.cleanup());

  it('writes content, reports no change the second time, and rewrites when it differs', async () => {
    const dest = harness.path('sub/dir/app.conf');
    const ctx = harness.context();
    expect((await copyModule.run({ dest, content: 'a=1\n', mode: '0640' }, ctx)).result).toBe('changed');
    expect(readFileSync(dest, 'utf8')).toBe('a=1\n');
    expect(statSync(dest).mode & 0o777).toBe(0o640);
    expect((await copyModule.run({ dest, content: 'a=1\n', mode: '0640' }, ctx)).result).toBe('ok');
    const rewrite = await copyModule.run({ dest, content: 'a=2\n', mode: '0640' }, ctx);
    expect(rewrite).toMatchObject({ result: 'changed', output: expect.stringContaining('content of') });
    expect(readFileSync(dest, 'utf8')).toBe('a=2\n');
  });

  it('fixes the mode alone and keeps the mode of a file it replaces', async () => {
    const dest = harness.path('mode.txt');
    writeFileSync(dest, 'x', { mode: 0o600 });
    const ctx = harness.context();
    expect((await copyModule.run({ dest, content: 'y' }, ctx)).result).toBe('changed');
    expect(statSync(dest).mode & 0o777).toBe(0o600);
    expect((await copyModule.run({ dest, content: 'y', mode: 644 }, ctx)).output).toContain('mode of');
    expect(statSync(dest).mode & 0o777).toBe(0o644);
  });

  // The suites run as root (CI does; the SSH suite needs it too).
  it('sets the owner and group', async () => {
    const dest = harness.path('owned.txt');
    const ctx = harness.context();
    expect((await copyModule.run({ dest, content: 'z', owner: 'nobody', group: 'nogroup' }, ctx)).result).toBe(
      'changed',
    );
    expect(statSync(dest).uid).toBe(65534);
    expect((await copyModule.run({ dest, content: 'z', owner: 'nobody', group: 'nogroup' }, ctx)).result).toBe('ok');
  });

  it('changes nothing in check mode but says what would change', async () => {
    const dest = harness.path('check.txt');
    writeFileSync(dest, 'old');
    const outcome = await copyModule.run({ dest, content: 'new' }, harness.context({ check: true }));
    expect(outcome.result).toBe('changed');
    expect(readFileSync(dest, 'utf8')).toBe('old');
  });

  it('renders templates from the role with the task variables', async () => {
    writeFileSync(harness.path('tpl.j2'), '');
    const dest = harness.path('rendered.txt');
    const ctx = harness.context({}, { port: 2181, members: ['a', 'b'] });
    expect((await templateModule.run({ dest, content: 'port={{ port }} {{ members | join(",") }}' }, ctx)).result).toBe(
      'changed',
    );
    expect(readFileSync(dest, 'utf8')).toBe('port=2181 a,b');
    expect((await templateModule.run({ dest, content: 'port={{ port }} {{ members | join(",") }}' }, ctx)).result).toBe(
      'ok',
    );
  });

  it('edits one line of a file and is idempotent', async () => {
    const path = harness.path('sshd_config');
    writeFileSync(path, 'Port 22\n#PermitRootLogin yes\nUsePAM yes\n');
    const ctx = harness.context();
    const args = { path, regexp: '^#?PermitRootLogin', line: 'PermitRootLogin no' };
    expect((await lineInFileModule.run(args, ctx)).result).toBe('changed');
    expect(readFileSync(path, 'utf8')).toBe('Port 22\nPermitRootLogin no\nUsePAM yes\n');
    expect((await lineInFileModule.run(args, ctx)).result).toBe('ok');
    expect((await lineInFileModule.run({ path: harness.path('missing'), line: 'x' }, ctx)).result).toBe('failed');
    expect((await lineInFileModule.run({ path: harness.path('created'), line: 'x', create: true }, ctx)).result).toBe(
      'changed',
    );
    expect(readFileSync(harness.path('created'), 'utf8')).toBe('x\n');
  });
});
