import { sshString, sshUint32 } from './ssh-wire';

const AUTH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
const BLOCK_SIZE = 8;

/** The public key blob of an ed25519 key: string "ssh-ed25519", string key(32). */
export function ed25519PublicBlob(publicKey: Buffer): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(publicKey)]);
}

/**
 * Serialises an unencrypted ed25519 private key in OpenSSH's own format (PROTOCOL.key), which ssh2, OpenSSH and
 * Ansible read; node:crypto only writes PKCS#8, which ssh2 does not accept for ed25519.
 * `checkInt` is normally random; it is given so that the same key always serialises to the same text.
 */
export function encodeOpenSshEd25519PrivateKey(
  seed: Buffer,
  publicKey: Buffer,
  comment: string,
  checkInt: number,
): string {
  if (seed.length !== 32 || publicKey.length !== 32)
    throw new Error('an ed25519 key has a 32-byte seed and a 32-byte public key');
  const privateSection = Buffer.concat([
    sshUint32(checkInt),
    sshUint32(checkInt),
    sshString('ssh-ed25519'),
    sshString(publicKey),
    sshString(Buffer.concat([seed, publicKey])),
    sshString(comment),
  ]);
  const paddingLength = (BLOCK_SIZE - (privateSection.length % BLOCK_SIZE)) % BLOCK_SIZE;
  const padding = Buffer.from(Array.from({ length: paddingLength }, (_, index) => index + 1));
  const body = Buffer.concat([
    AUTH_MAGIC,
    sshString('none'),
    sshString('none'),
    sshString(''),
    sshUint32(1),
    sshString(ed25519PublicBlob(publicKey)),
    sshString(Buffer.concat([privateSection, padding])),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n');
}
