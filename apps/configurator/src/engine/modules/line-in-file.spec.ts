import { editLines } from './line-in-file';

describe('editLines (lineinfile)', () => {
  const text = 'a=1\n# b=2\nc=3\n';

  it('replaces the last line matching regexp', () => {
    expect(editLines('x=1\nx=2\n', { regexp: '^x=', line: 'x=9' })).toBe('x=1\nx=9\n');
  });

  it('appends a missing line at the end, or after/before the last match of a pattern', () => {
    expect(editLines(text, { line: 'd=4' })).toBe(`${text}d=4\n`);
    expect(editLines(text, { line: 'b=2', insertafter: '^a=' })).toBe('a=1\nb=2\n# b=2\nc=3\n');
    expect(editLines(text, { line: 'z', insertbefore: 'BOF' })).toBe(`z\n${text}`);
    expect(editLines(text, { line: 'z', insertbefore: '^c=' })).toBe('a=1\n# b=2\nz\nc=3\n');
    expect(editLines('no newline', { line: 'x' })).toBe('no newline\nx\n');
    expect(editLines('', { line: 'x' })).toBe('x\n');
  });

  it('changes nothing when the line is already there', () => {
    expect(editLines(text, { line: 'c=3' })).toBe(text);
    expect(editLines(text, { regexp: '^c=', line: 'c=3' })).toBe(text);
    expect(editLines(text, { regexp: '^nomatch', line: 'c=3' })).toBe(text);
  });

  it('removes every matching line with state absent', () => {
    expect(editLines(text, { regexp: '^#', state: 'absent' })).toBe('a=1\nc=3\n');
    expect(editLines(text, { line: 'a=1', state: 'absent' })).toBe('# b=2\nc=3\n');
    expect(editLines(text, { line: 'zzz', state: 'absent' })).toBe(text);
  });
});
