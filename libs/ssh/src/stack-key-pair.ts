import { createHmac, createPrivateKey, createPublicKey, hkdfSync, KeyObject } from 'node:crypto';

import { hostKeyFingerprint } from './host-key';
import { ed25519PublicBlob, encodeOpenSshEd25519PrivateKey } from './openssh-private-key';

export interface StackKeyPair {
  /** `ssh-ed25519 AAAA... cfn-stack-<stackId>`: what the provisioner registers with CloudStack / authorized_keys. */
  publicKeyOpenSsh: string;
  /** OpenSSH's private key format (ssh2, OpenSSH, Ansible). Never log it. */
  privateKeyOpenSsh: string;
  /** The same key as PKCS#8 PEM, for node:crypto. */
  privateKeyPem: string;
  /** SHA256:... of the public key, as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const HKDF_SALT = 'cfn-cloudstack/ssh-stack-key';
export const MIN_MASTER_SECRET_LENGTH = 16;

/** The name the stack's key pair is registered under in CloudStack. */
export function stackKeyPairName(stackId: string): string {
  return `cfn-${stackId}`;
}

/**
 * The stack's SSH key pair, derived and never stored: an ed25519 key whose seed is HKDF-SHA256(masterSecret,
 * stackId). The provisioner (to register the public key) and the configurator (to log in) derive the same pair from
 * CFN_SSH_MASTER_SECRET; one stack's key says nothing about another's.
 */
export function deriveStackKeyPair(masterSecret: string, stackId: string): StackKeyPair {
  if (masterSecret.length < MIN_MASTER_SECRET_LENGTH) {
    throw new Error(`the SSH master secret must be at least ${MIN_MASTER_SECRET_LENGTH} characters long`);
  }
  if (!stackId) throw new Error('a stack id is needed to derive its key pair');
  const seed = Buffer.from(hkdfSync('sha256', masterSecret, HKDF_SALT, `stack:${stackId}`, 32));
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = rawPublicKey(privateKey);
  const comment = `cfn-stack-${stackId}`;
  const checkInt = createHmac('sha256', seed).update('openssh checkint').digest().readUInt32BE(0);
  const blob = ed25519PublicBlob(publicKey);
  return {
    publicKeyOpenSsh: `ssh-ed25519 ${blob.toString('base64')} ${comment}`,
    privateKeyOpenSsh: encodeOpenSshEd25519PrivateKey(seed, publicKey, comment, checkInt),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    fingerprint: hostKeyFingerprint(blob),
  };
}

function rawPublicKey(privateKey: KeyObject): Buffer {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return Buffer.from(jwk.x as string, 'base64url');
}
