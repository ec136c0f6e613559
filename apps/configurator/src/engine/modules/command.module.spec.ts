import { existsSync, readFileSync, writeFileSync } from 'node:fs';

import { ModuleHarness } from '../testing/module-harness';
import {
  commandLine,
  commandModuleDefinition as command,
  shellModuleDefinition as shell,
  splitCommandLine,
} from './command.module';

describe('command and shell modules', () => {
  const harness = new ModuleHarness();
  afterAll(() => harness.cleanup());

  it('splits command lines like Ansible: quotes respected, no variables, no operators', () => {
    expect(splitCommandLine(`echo "a b" 'c d' $HOME *.txt`)).toEqual(['echo', 'a b', 'c d', '$HOME', '*.txt']);
    expect(() => splitCommandLine('echo a | wc -l')).toThrow(/use the shell module/);
    expect(commandLine({ argv: ['printf', '%s', "it's"] }, false)).toBe(`printf %s 'it'\\''s'`);
    expect(commandLine({ cmd: 'echo $HOME | wc -c' }, true)).toBe(`/bin/sh -c 'echo $HOME | wc -c'`);
  });

  it('runs a command without a shell and reports changed with its output', async () => {
    const outcome = await command.run({ _raw_params: 'echo $HOME "a  b"' }, harness.context());
    expect(outcome).toMatchObject({ result: 'changed', output: '$HOME a  b', values: { rc: 0 } });
  });

  it('runs shell text with pipes, environment and working directory', async () => {
    const outcome = await shell.run(
      { cmd: 'pwd; echo "$GREETING" | tr a-z A-Z', chdir: harness.dir, env: { GREETING: 'hello' } },
      harness.context(),
    );
    expect(outcome.output).toBe(`${harness.dir}\nHELLO`);
  });

  it('skips when creates exists or removes does not, and runs otherwise', async () => {
    const marker = harness.path('installed');
    const script = { cmd: `echo run >> '${harness.path('runs')}'; touch '${marker}'`, creates: marker };
    expect((await shell.run(script, harness.context())).result).toBe('changed');
    expect((await shell.run(script, harness.context())).result).toBe('ok');
    expect((await shell.run({ cmd: 'true', removes: harness.path('absent') }, harness.context())).result).toBe('ok');
    expect(readFileSync(harness.path('runs'), 'utf8')).toBe('run\n');
  });

  it("honours cfn-init's test: the command runs only when the test succeeds", async () => {
    expect((await shell.run({ cmd: 'echo ran', test: 'false' }, harness.context())).result).toBe('ok');
    expect((await shell.run({ cmd: 'echo ran', test: 'true' }, harness.context())).output).toBe('ran');
  });

  it('fails with the exit status and the end of the output', async () => {
    const outcome = await shell.run(
      { cmd: 'echo "building"; echo "error: missing libfoo" >&2; exit 7' },
      harness.context(),
    );
    expect(outcome.result).toBe('failed');
    expect(outcome.message).toMatch(/non-zero exit status 7: building\nerror: missing libfoo/);
    expect(outcome.values).toMatchObject({ rc: 7, stdout: 'building', stderr: 'error: missing libfoo' });
  });

  it('runs nothing in check mode unless a guard already says it would be skipped', async () => {
    const target = harness.path('check-mode');
    const outcome = await shell.run({ cmd: `touch '${target}'` }, harness.context({ check: true }));
    expect(outcome.result).toBe('changed');
    expect(outcome.output).toContain('would run');
    expect(existsSync(target)).toBe(false);
    writeFileSync(target, '');
    expect((await shell.run({ cmd: 'false', creates: target }, harness.context({ check: true }))).result).toBe('ok');
  });

  it('fails a command that outlives its timeout', async () => {
    const outcome = await shell.run({ cmd: 'sleep 20' }, harness.context({ timeoutMs: 1_000 }));
    expect(outcome).toMatchObject({ result: 'failed', message: expect.stringMatching(/timed out/) });
  });
});
