import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateRsaKeyPair, normalizeOpenSshPublicKey, publicKeyFingerprint } from './openssh-key';

describe('OpenSSH key material', () => {
  it('accepts OpenSSH public keys and refuses garbage', async () => {
    const { publicKey } = await generateRsaKeyPair('me@host');
    expect(normalizeOpenSshPublicKey(`  ${publicKey}\n`)).toBe(publicKey);
    expect(normalizeOpenSshPublicKey('ssh-rsa not-base64!')).toBeUndefined();
    expect(normalizeOpenSshPublicKey('hello world')).toBeUndefined();
    const [, data] = publicKey.split(' ');
    expect(normalizeOpenSshPublicKey(`ssh-ed25519 ${data}`)).toBeUndefined();
  });

  it('fingerprints as MD5 of the key blob, colon separated', () => {
    const blob = Buffer.from('\0\0\0\x07ssh-rsa-test');
    expect(publicKeyFingerprint(`ssh-rsa ${blob.toString('base64')}`)).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  });

  it('generates keys that ssh-keygen reads and fingerprints the same way', async () => {
    const { publicKey, privateKey } = await generateRsaKeyPair('gen@sim');
    const dir = mkdtempSync(join(tmpdir(), 'sshkey-'));
    try {
      writeFileSync(join(dir, 'id'), privateKey, { mode: 0o600 });
      writeFileSync(join(dir, 'id.pub'), publicKey);
      const derived = execFileSync('ssh-keygen', ['-y', '-f', join(dir, 'id')])
        .toString()
        .trim();
      expect(derived.split(' ').slice(0, 2)).toEqual(publicKey.split(' ').slice(0, 2));
      const md5 = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', join(dir, 'id.pub')]).toString();
      expect(md5).toContain(`MD5:${publicKeyFingerprint(publicKey)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
