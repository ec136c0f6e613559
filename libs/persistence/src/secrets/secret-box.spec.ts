import { sealedJson, sealedText } from './sealed-columns';
import {
  DataKeyMissingError,
  dataSecretBox,
  SealedValueError,
  SecretBox,
  UnknownDataKeyError,
  useDataSecretBox,
} from './secret-box';

describe('SecretBox', () => {
  const OLD = 'old-data-key-0123456789abcdef';
  const NEW = 'new-data-key-fedcba9876543210';
  const box = new SecretBox(OLD);
  const CONTEXT = 'stacks.parameters';

  it('round-trips, never shows the plaintext, and seals the same value differently each time', () => {
    const sealed = box.seal('hunter2-database-password', CONTEXT);
    expect(sealed).toMatch(new RegExp(`^enc:v1:${box.currentKeyId}:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]{22}==:`));
    expect(sealed).not.toContain('hunter2');
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(box.seal('hunter2-database-password', CONTEXT)).not.toBe(sealed);
    expect(box.open(sealed, CONTEXT)).toBe('hunter2-database-password');
    expect(box.open(box.seal('', CONTEXT), CONTEXT)).toBe('');
    expect(box.open(box.seal('ünïcødé ✓', CONTEXT), CONTEXT)).toBe('ünïcødé ✓');
  });

  it('derives the key id from the key: the same secret gives the same id, another secret another', () => {
    expect(new SecretBox(OLD).currentKeyId).toBe(box.currentKeyId);
    expect(new SecretBox(NEW).currentKeyId).not.toBe(box.currentKeyId);
    expect(box.currentKeyId).toMatch(/^[0-9a-f]{8}$/);
  });

  it('detects tampering with the ciphertext, the tag, the iv or the header', () => {
    const sealed = box.seal('{"DbPassword":"s3cret"}', CONTEXT);
    const [prefix, version, keyId, iv, tag, ciphertext] = sealed.split(':');
    const flip = (text: string) => {
      const bytes = Buffer.from(text, 'base64');
      bytes[0] ^= 1;
      return bytes.toString('base64');
    };
    for (const altered of [
      [prefix, version, keyId, iv, tag, flip(ciphertext)],
      [prefix, version, keyId, iv, flip(tag), ciphertext],
      [prefix, version, keyId, flip(iv), tag, ciphertext],
    ]) {
      expect(() => box.open(altered.join(':'), CONTEXT)).toThrow(SealedValueError);
    }
    // Truncated ciphertext.
    expect(() => box.open([prefix, version, keyId, iv, tag, ciphertext.slice(0, 4)].join(':'), CONTEXT)).toThrow(
      SealedValueError,
    );
  });

  it('opens a value only for the column it was sealed for', () => {
    const sealed = box.seal('secret', 'credentials.secret_access_key');
    expect(() => box.open(sealed, 'stacks.parameters')).toThrow(/does not authenticate/);
  });

  it('refuses a value that is not sealed, without repeating it', () => {
    for (const plain of ['{"DbPassword":"s3cret"}', 'plain-secret', 'enc:v1:zz:nope']) {
      expect(() => box.open(plain, CONTEXT)).toThrow(SealedValueError);
      expect(() => box.open(plain, CONTEXT)).not.toThrow(/s3cret|plain-secret/);
    }
  });

  it('fails loudly, naming the key ids, on a value sealed with a key it does not hold', () => {
    const sealed = new SecretBox(NEW).seal('p4ssw0rd-value', CONTEXT);
    let error: unknown;
    try {
      box.open(sealed, CONTEXT);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownDataKeyError);
    expect((error as Error).message).toContain(new SecretBox(NEW).currentKeyId);
    expect((error as Error).message).toContain('CFN_DATA_KEYS_PREVIOUS');
    expect((error as Error).message).not.toContain('p4ssw0rd');
  });

  it('rotates: a new current key seals, the previous one still opens, and dropping it refuses old values', () => {
    const underOld = box.seal('value', CONTEXT);
    const rotated = new SecretBox(NEW, [OLD]);
    expect(rotated.previousKeyIds).toEqual([box.currentKeyId]);
    expect(rotated.open(underOld, CONTEXT)).toBe('value');
    expect(rotated.isCurrent(underOld)).toBe(false);
    const resealed = rotated.seal(rotated.open(underOld, CONTEXT), CONTEXT);
    expect(SecretBox.keyIdOf(resealed)).toBe(rotated.currentKeyId);
    expect(rotated.isCurrent(resealed)).toBe(true);
    const dropped = new SecretBox(NEW);
    expect(dropped.open(resealed, CONTEXT)).toBe('value');
    expect(() => dropped.open(underOld, CONTEXT)).toThrow(UnknownDataKeyError);
    // The old key alone cannot open what the new one sealed.
    expect(() => box.open(resealed, CONTEXT)).toThrow(UnknownDataKeyError);
  });

  describe('from the environment', () => {
    it('takes CFN_DATA_KEY, else CFN_KEY_ENCRYPTION_SECRET, and CFN_DATA_KEYS_PREVIOUS (comma-separated)', () => {
      const fromEnv = SecretBox.fromEnvironment({
        CFN_DATA_KEY: NEW,
        CFN_DATA_KEYS_PREVIOUS: ` ${OLD} , other-old-key-0123456789 `,
      });
      expect(fromEnv.currentKeyId).toBe(new SecretBox(NEW).currentKeyId);
      expect(fromEnv.previousKeyIds).toHaveLength(2);
      expect(fromEnv.open(box.seal('v', CONTEXT), CONTEXT)).toBe('v');
      expect(SecretBox.fromEnvironment({ CFN_KEY_ENCRYPTION_SECRET: OLD }).currentKeyId).toBe(box.currentKeyId);
      expect(SecretBox.fromEnvironment({ CFN_DATA_KEY: NEW, CFN_KEY_ENCRYPTION_SECRET: OLD }).currentKeyId).toBe(
        fromEnv.currentKeyId,
      );
      // The current key listed again among the previous ones is harmless.
      expect(SecretBox.fromEnvironment({ CFN_DATA_KEY: NEW, CFN_DATA_KEYS_PREVIOUS: NEW }).previousKeyIds).toEqual([]);
    });

    it('refuses no key, and a short one', () => {
      expect(() => SecretBox.fromEnvironment({})).toThrow(DataKeyMissingError);
      expect(() => SecretBox.fromEnvironment({ CFN_DATA_KEY: '  ' })).toThrow(/CFN_DATA_KEY is not set/);
      expect(SecretBox.configuredIn({})).toBe(false);
      expect(() => SecretBox.fromEnvironment({ CFN_DATA_KEY: 'short' })).toThrow(/at least 16 characters/);
      expect(() => SecretBox.fromEnvironment({ CFN_KEY_ENCRYPTION_SECRET: 'short' })).toThrow(
        /CFN_KEY_ENCRYPTION_SECRET\) must be at least/,
      );
      expect(() => SecretBox.fromEnvironment({ CFN_DATA_KEY: NEW, CFN_DATA_KEYS_PREVIOUS: 'short' })).toThrow(
        /CFN_DATA_KEYS_PREVIOUS/,
      );
    });
  });

  describe('column transformers', () => {
    afterEach(() => useDataSecretBox(undefined));

    it('seal on the way to the database and open on the way back, NULL staying NULL', () => {
      useDataSecretBox(box);
      const json = sealedJson(CONTEXT);
      const stored = json.to({ DbPassword: 's3cret', Subnets: ['a', 'b'] });
      expect(stored).not.toContain('s3cret');
      expect(json.from(stored)).toEqual({ DbPassword: 's3cret', Subnets: ['a', 'b'] });
      expect(json.to(null)).toBeNull();
      expect(json.to(undefined)).toBeUndefined();
      expect(json.from(null)).toBeNull();
      const text = sealedText('credentials.secret_access_key');
      expect(text.from(text.to('wJalrXUtnFEMI'))).toBe('wJalrXUtnFEMI');
      expect(() => text.from(json.to('x'))).toThrow(SealedValueError);
    });

    it("use the environment's keyring when none was set, and say what is missing", () => {
      const saved = { ...process.env };
      try {
        delete process.env.CFN_DATA_KEY;
        delete process.env.CFN_KEY_ENCRYPTION_SECRET;
        expect(() => dataSecretBox()).toThrow(DataKeyMissingError);
        process.env.CFN_DATA_KEY = NEW;
        expect(dataSecretBox().currentKeyId).toBe(new SecretBox(NEW).currentKeyId);
      } finally {
        process.env = saved;
      }
    });
  });
});
