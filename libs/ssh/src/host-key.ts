import { createHash } from 'node:crypto';

/**
 * How to treat a host's key, named after OpenSSH's StrictHostKeyChecking values:
 * - `accept-new` (default): record the key on first contact, refuse a different key afterwards;
 * - `strict`: refuse a host whose key was not recorded before;
 * - `off`: accept any key and record nothing (development only).
 */
export type HostKeyPolicy = 'accept-new' | 'strict' | 'off';
export const HOST_KEY_POLICIES: readonly HostKeyPolicy[] = ['accept-new', 'strict', 'off'];

/** The identity a host key is recorded under: which machine of which stack, reached at which address. */
export interface HostKeyRef {
  stackId: string;
  /** The VM's physical id when known, else its logical id: a replaced VM at the same address is a new host. */
  hostId: string;
  address: string;
  port: number;
}

export interface RecordedHostKey {
  keyType: string;
  fingerprint: string;
  /** The key blob, base64 (what a known_hosts line holds). */
  publicKey: string;
}

/** Where host keys seen on first contact are kept (MySQL in the configurator, memory in tests and tools). */
export interface HostKeyStore {
  find(ref: HostKeyRef): Promise<RecordedHostKey | null>;
  /** Records the key unless one is already recorded; returns the key that is recorded afterwards. */
  recordIfAbsent(ref: HostKeyRef, key: RecordedHostKey): Promise<RecordedHostKey>;
}

export class HostKeyMismatchError extends Error {
  constructor(
    readonly ref: HostKeyRef,
    readonly expected: string,
    readonly presented: string,
  ) {
    super(
      `host key of ${ref.address}:${ref.port} changed: recorded ${expected}, presented ${presented} ` +
        '(refusing to connect: the host may be impersonated)',
    );
  }
}

export class UnknownHostKeyError extends Error {
  constructor(
    readonly ref: HostKeyRef,
    readonly presented: string,
  ) {
    super(`host key of ${ref.address}:${ref.port} (${presented}) is not recorded and the policy is strict`);
  }
}

/** OpenSSH's fingerprint notation: SHA256 of the key blob, base64 without padding. */
export function hostKeyFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm name at the start of an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, ...). */
export function hostKeyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + length).toString('ascii') || 'unknown';
}

/** Decides whether a presented key is acceptable; throws the reason when it is not. */
export async function checkHostKey(
  store: HostKeyStore,
  ref: HostKeyRef,
  keyBlob: Buffer,
  policy: HostKeyPolicy,
): Promise<void> {
  if (policy === 'off') return;
  const presented: RecordedHostKey = {
    keyType: hostKeyType(keyBlob),
    fingerprint: hostKeyFingerprint(keyBlob),
    publicKey: keyBlob.toString('base64'),
  };
  const known = await store.find(ref);
  if (!known) {
    if (policy === 'strict') throw new UnknownHostKeyError(ref, presented.fingerprint);
    const recorded = await store.recordIfAbsent(ref, presented);
    // Two first contacts racing: whichever recorded first wins, the other must match it.
    if (recorded.fingerprint !== presented.fingerprint)
      throw new HostKeyMismatchError(ref, recorded.fingerprint, presented.fingerprint);
    return;
  }
  if (known.fingerprint !== presented.fingerprint)
    throw new HostKeyMismatchError(ref, known.fingerprint, presented.fingerprint);
}

function refKey(ref: HostKeyRef): string {
  return `${ref.stackId}/${ref.hostId}@${ref.address}:${ref.port}`;
}

export class InMemoryHostKeyStore implements HostKeyStore {
  private readonly keys = new Map<string, RecordedHostKey>();

  async find(ref: HostKeyRef): Promise<RecordedHostKey | null> {
    return this.keys.get(refKey(ref)) ?? null;
  }

  async recordIfAbsent(ref: HostKeyRef, key: RecordedHostKey): Promise<RecordedHostKey> {
    const existing = this.keys.get(refKey(ref));
    if (existing) return existing;
    this.keys.set(refKey(ref), key);
    return key;
  }
}

/** A known_hosts line for a recorded key (OpenSSH puts the address in brackets when the port is not 22). */
export function knownHostsLine(address: string, port: number, key: RecordedHostKey): string {
  const host = port === 22 ? address : `[${address}]:${port}`;
  return `${host} ${key.keyType} ${key.publicKey}`;
}
