import { existsSync } from 'node:fs';

import { ModuleHarness } from '../testing/module-harness';
import { readResultMarker, RESULT_MARKER, runChangeScript } from './change-script';

describe('change scripts', () => {
  const harness = new ModuleHarness();
  afterAll(() => harness.cleanup());

  it('applies only when the probe finds a difference, and never in check mode', async () => {
    const flag = harness.path('flag');
    const script = { probe: `[ -e '${flag}' ] || change "create flag"`, apply: `touch '${flag}'` };
    expect(await runChangeScript(harness.context({ check: true }), script)).toEqual({
      result: 'changed',
      output: 'create flag',
    });
    expect(existsSync(flag)).toBe(false);
    expect(await runChangeScript(harness.context(), script)).toEqual({ result: 'changed', output: 'create flag' });
    expect(await runChangeScript(harness.context(), script)).toEqual({ result: 'ok', output: '' });
  });

  it('fails with the end of the output when applying fails', async () => {
    const outcome = await runChangeScript(harness.context(), {
      probe: 'change "x"',
      apply: 'echo "disk full" >&2; false; echo never',
    });
    expect(outcome.result).toBe('failed');
    expect(outcome.message).toMatch(/exit status 1: x\ndisk full/);
  });

  it('separates the result marker from the output', () => {
    expect(readResultMarker(`a\n${RESULT_MARKER} ok\n`)).toEqual({ marker: 'ok', output: 'a' });
    expect(readResultMarker('no marker')).toEqual({ marker: null, output: 'no marker' });
  });
});
