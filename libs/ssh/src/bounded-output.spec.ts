import { BoundedOutput, endOf } from './bounded-output';

describe('BoundedOutput', () => {
  it('keeps everything under the cap', () => {
    const output = new BoundedOutput(100);
    output.append(Buffer.from('hello '));
    output.append(Buffer.from('world'));
    expect(output.toString()).toBe('hello world');
    expect(output.truncated).toBe(false);
  });

  it('keeps the beginning and the end past the cap and says how much it dropped', () => {
    const output = new BoundedOutput(10);
    for (const chunk of ['01234', '56789', 'abcde', 'fghij']) output.append(Buffer.from(chunk));
    expect(output.truncated).toBe(true);
    expect(output.toString()).toBe('01234\n[... 10 bytes omitted ...]\nfghij');
  });
});

describe('endOf', () => {
  it('returns short text whole and cuts long text from the front', () => {
    expect(endOf('short\n', 10)).toBe('short');
    expect(endOf('0123456789abc', 4)).toBe('...9abc');
  });
});
