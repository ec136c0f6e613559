import { execFileSync } from 'node:child_process';

import { shellJoin, shellQuote } from './shell-quote';

describe('shellQuote', () => {
  it('leaves plain words alone and quotes everything else', () => {
    expect(shellQuote('/etc/hosts')).toBe('/etc/hosts');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('round-trips awkward words through a real shell', () => {
    const words = ["it's", 'a "b"', '$(touch /nonexistent)', '`x`', 'back\\slash', 'new\nline', '*', '; rm -rf /'];
    const printed = execFileSync('sh', ['-c', `printf '%s\\0' ${shellJoin(words)}`]).toString('utf8');
    expect(printed.split('\0').slice(0, -1)).toEqual(words);
  });
});
