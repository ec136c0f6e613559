import { execFileSync } from 'node:child_process';
import { createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { utils } from 'ssh2';

import { deriveStackKeyPair, stackKeyPairName } from './stack-key-pair';

const SECRET = 'a-master-secret-long-enough';
const STACK = '5b0a8f9e-4f0e-4d8a-9d38-1c3a55f0e001';

describe('deriveStackKeyPair', () => {
  it('derives the same pair for the same secret and stack, and another pair for another stack or secret', () => {
    const first = deriveStackKeyPair(SECRET, STACK);
    expect(deriveStackKeyPair(SECRET, STACK)).toEqual(first);
    expect(deriveStackKeyPair(SECRET, 'another-stack').publicKeyOpenSsh).not.toBe(first.publicKeyOpenSsh);
    expect(deriveStackKeyPair(`${SECRET}!`, STACK).publicKeyOpenSsh).not.toBe(first.publicKeyOpenSsh);
  });

  it('refuses a short master secret', () => {
    expect(() => deriveStackKeyPair('short', STACK)).toThrow(/at least 16/);
  });

  it('writes an OpenSSH private key that ssh2 parses and that signs for the published public key', () => {
    const pair = deriveStackKeyPair(SECRET, STACK);
    const parsed = utils.parseKey(pair.privateKeyOpenSsh);
    if (parsed instanceof Error) throw parsed;
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    expect(key.type).toBe('ssh-ed25519');
    expect(`ssh-ed25519 ${key.getPublicSSH().toString('base64')}`).toBe(
      pair.publicKeyOpenSsh.split(' ').slice(0, 2).join(' '),
    );
    const signature = key.sign(Buffer.from('challenge'));
    expect(verify(null, Buffer.from('challenge'), createPublicKey(pair.privateKeyPem), signature)).toBe(true);
    expect(sign(null, Buffer.from('x'), pair.privateKeyPem)).toHaveLength(64);
  });

  it('is read by OpenSSH itself: ssh-keygen recovers the public key and its fingerprint', () => {
    const pair = deriveStackKeyPair(SECRET, STACK);
    const dir = mkdtempSync(join(tmpdir(), 'cfn-key-'));
    try {
      const file = join(dir, 'id');
      writeFileSync(file, pair.privateKeyOpenSsh, { mode: 0o600 });
      expect(execFileSync('ssh-keygen', ['-y', '-f', file]).toString().trim()).toBe(pair.publicKeyOpenSsh);
      expect(execFileSync('ssh-keygen', ['-l', '-f', file]).toString()).toContain(pair.fingerprint);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the CloudStack key pair after the stack', () => {
    expect(stackKeyPairName(STACK)).toBe(`cfn-${STACK}`);
  });
});
