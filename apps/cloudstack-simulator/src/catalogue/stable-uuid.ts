import { createHash } from 'node:crypto';

/** Fixed namespace of the simulator's name-based ids; changing it changes every documented catalogue id. */
const SIMULATOR_NAMESPACE = Buffer.from('6f1c2b0e4d8a4c5e9b7a3f2d1e0c9b8a', 'hex');

/** An RFC 4122 version-5 uuid of `kind:name`, so catalogue ids are the same on every start. */
export function stableUuid(kind: string, name: string): string {
  const hash = createHash('sha1').update(SIMULATOR_NAMESPACE).update(`${kind}:${name}`, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
