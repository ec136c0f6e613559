import { PrivateKeyCipher } from './private-key-cipher';

describe('PrivateKeyCipher', () => {
  const cipher = new PrivateKeyCipher('test-secret');

  it('round-trips and never stores the plaintext', () => {
    const stored = cipher.encrypt('-----BEGIN RSA PRIVATE KEY-----abc', 'stack/Key');
    expect(stored).not.toContain('BEGIN');
    expect(stored).not.toBe(cipher.encrypt('-----BEGIN RSA PRIVATE KEY-----abc', 'stack/Key'));
    expect(cipher.decrypt(stored, 'stack/Key')).toBe('-----BEGIN RSA PRIVATE KEY-----abc');
  });

  it("refuses another resource's row or another secret", () => {
    const stored = cipher.encrypt('private', 'stack/Key');
    expect(() => cipher.decrypt(stored, 'stack/Other')).toThrow();
    expect(() => new PrivateKeyCipher('other').decrypt(stored, 'stack/Key')).toThrow();
  });
});
