import {
  checkHostKey,
  hostKeyFingerprint,
  HostKeyMismatchError,
  hostKeyType,
  InMemoryHostKeyStore,
  knownHostsLine,
  UnknownHostKeyError,
} from './host-key';

function blob(type: string, body: string): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, Buffer.from(body)]);
}

describe('host keys', () => {
  const ref = { stackId: 's', hostId: 'vm-1', address: '127.0.0.1', port: 22 };
  const first = blob('ssh-ed25519', 'first key');
  const second = blob('ssh-ed25519', 'second key');

  it('names the key type and fingerprints like OpenSSH', () => {
    expect(hostKeyType(first)).toBe('ssh-ed25519');
    expect(hostKeyFingerprint(first)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('records on first contact and refuses another key afterwards', async () => {
    const store = new InMemoryHostKeyStore();
    await checkHostKey(store, ref, first, 'accept-new');
    expect(await store.find(ref)).toEqual({
      keyType: 'ssh-ed25519',
      fingerprint: hostKeyFingerprint(first),
      publicKey: first.toString('base64'),
    });
    await expect(checkHostKey(store, ref, first, 'accept-new')).resolves.toBeUndefined();
    await expect(checkHostKey(store, ref, second, 'accept-new')).rejects.toThrow(HostKeyMismatchError);
  });

  it('keeps hosts apart: the same address in another VM is another host', async () => {
    const store = new InMemoryHostKeyStore();
    await checkHostKey(store, ref, first, 'accept-new');
    await expect(checkHostKey(store, { ...ref, hostId: 'vm-2' }, second, 'accept-new')).resolves.toBeUndefined();
  });

  it('writes known_hosts lines as OpenSSH does', () => {
    const key = { keyType: 'ssh-ed25519', fingerprint: 'SHA256:x', publicKey: 'AAAA' };
    expect(knownHostsLine('10.0.0.5', 22, key)).toBe('10.0.0.5 ssh-ed25519 AAAA');
    expect(knownHostsLine('10.0.0.5', 2222, key)).toBe('[10.0.0.5]:2222 ssh-ed25519 AAAA');
  });

  it('refuses unknown hosts under the strict policy and ignores keys when off', async () => {
    const store = new InMemoryHostKeyStore();
    await expect(checkHostKey(store, ref, first, 'strict')).rejects.toThrow(UnknownHostKeyError);
    await checkHostKey(store, ref, first, 'off');
    expect(await store.find(ref)).toBeNull();
  });
});
