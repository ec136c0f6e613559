import { createHash, createPublicKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

/** The key types CloudStack's SSHKeysHelper accepts. */
const KEY_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
]);

/** `type base64 [comment]` whose blob starts with the same type name; undefined otherwise. */
export function normalizeOpenSshPublicKey(text: string): string | undefined {
  const [type, data, ...comment] = text.trim().split(/\s+/);
  if (!type || !data || !KEY_TYPES.has(type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return undefined;
  const blob = Buffer.from(data, 'base64');
  if (blob.length < 4) return undefined;
  const nameLength = blob.readUInt32BE(0);
  if (blob.length < 4 + nameLength || blob.subarray(4, 4 + nameLength).toString('latin1') !== type) return undefined;
  return [type, data, ...comment].join(' ');
}

/** SSHKeysHelper.getPublicKeyFingerprint: MD5 of the key blob, colon-separated lowercase hex. */
export function publicKeyFingerprint(publicKey: string): string {
  const blob = Buffer.from(publicKey.trim().split(/\s+/)[1] ?? '', 'base64');
  return (createHash('md5').update(blob).digest('hex').match(/../g) ?? []).join(':');
}

/** An SSH wire-format string or mpint: uint32 length, then the bytes. */
function sshField(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A positive mpint gets a leading zero byte when its top bit is set. */
function mpint(base64url: string): Buffer {
  const bytes = Buffer.from(base64url, 'base64url');
  return bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/**
 * A new RSA key pair as createSSHKeyPair returns it: the private key in PEM (PKCS#1, "BEGIN RSA PRIVATE KEY") and
 * the public key in OpenSSH format.
 */
export async function generateRsaKeyPair(comment: string): Promise<{ publicKey: string; privateKey: string }> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const jwk = createPublicKey(publicKey).export({ format: 'jwk' });
  const blob = Buffer.concat([
    sshField(Buffer.from('ssh-rsa')),
    sshField(mpint(jwk.e as string)),
    sshField(mpint(jwk.n as string)),
  ]);
  return { publicKey: `ssh-rsa ${blob.toString('base64')} ${comment}`, privateKey };
}
