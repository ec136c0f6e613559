import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CloudStackClient } from '@cfn/cloudstack';

import { SimulatorState } from '../state/simulator-state';
import { deployVm, SimulatorHarness } from '../testing/simulator-harness';

describe('SSH key pairs', () => {
  let h: SimulatorHarness;
  let cs: CloudStackClient;
  const publickey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDz5yVbDqMqNcBPIKJMNR7lYmX1Gl1tXOfYqzAm8PJWs deploy@example';

  beforeAll(async () => {
    h = await SimulatorHarness.start();
    cs = h.admin();
  });
  afterAll(() => h.close());

  it('registers a public key synchronously with its MD5 fingerprint', async () => {
    const { keypair } = await cs.request('registerSSHKeyPair', { name: 'deploy', publickey });
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', '-'], { input: publickey }).toString();
    expect(keypair).toEqual({
      id: expect.any(String),
      name: 'deploy',
      fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/),
      account: 'admin',
      domainid: expect.any(String),
      domain: 'ROOT',
    });
    expect(fingerprint).toContain(`MD5:${keypair.fingerprint}`);
    await expect(cs.request('registerSSHKeyPair', { name: 'deploy', publickey })).rejects.toMatchObject({
      errorcode: 431,
      errortext: "A key pair with name 'deploy' already exists for this account.",
    });
    await expect(cs.request('registerSSHKeyPair', { name: 'bad', publickey: 'ssh-rsa AAAA' })).rejects.toMatchObject({
      errortext: 'Public key is invalid',
    });
    await expect(cs.request('registerSSHKeyPair', { name: 'nokey' })).rejects.toMatchObject({
      errortext: 'Unable to execute API command registersshkeypair due to missing parameter publickey',
    });
  });

  it('creates a key pair and returns the private key once', async () => {
    const { keypair } = await cs.request('createSSHKeyPair', { name: 'generated' });
    expect(keypair.privatekey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const dir = mkdtempSync(join(tmpdir(), 'created-key-'));
    writeFileSync(join(dir, 'id'), keypair.privatekey, { mode: 0o600 });
    const derived = execFileSync('ssh-keygen', ['-y', '-f', join(dir, 'id')])
      .toString()
      .trim()
      .split(' ');
    rmSync(dir, { recursive: true, force: true });
    const state = h.sim.app.get(SimulatorState);
    const stored = [...state.sshKeyPairs.values()].find((k) => k.name === 'generated')!;
    expect(stored.publickey.split(' ').slice(0, 2)).toEqual(derived.slice(0, 2));
    const [listed] = await cs.listAll('listSSHKeyPairs', { name: 'generated' }, 'sshkeypair');
    expect(listed.privatekey).toBeUndefined();
    expect(listed.fingerprint).toBe(keypair.fingerprint);
  });

  it('gives a VM the public keys of every key pair it was deployed with', async () => {
    await cs.request('registerSSHKeyPair', {
      name: 'second',
      publickey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKm4Pd1sCmmqCvHnIkYUh5OGMfJ2pVgbx2i3ce0D4r9D second@example',
    });
    const vm = await deployVm(cs, { name: 'keyed', keypair: 'deploy', keypairs: 'second' });
    expect(vm).toMatchObject({ keypair: 'deploy', keypairs: 'deploy,second' });
    const state = h.sim.app.get(SimulatorState);
    const record = state.findLiveVirtualMachine(vm.id)!;
    expect(state.publicKeysFor(record)).toEqual([publickey, expect.stringMatching(/^ssh-ed25519 \S+ second@example$/)]);
  });

  it('deletes by name within the account', async () => {
    const other = await h.account('keys-bob');
    await expect(other.request('deleteSSHKeyPair', { name: 'generated' })).rejects.toMatchObject({
      errortext: "A key pair with name 'generated' does not exist for account keys-bob in specified domain id",
    });
    expect(await other.request('listSSHKeyPairs')).toEqual({});
    expect(await cs.request('deleteSSHKeyPair', { name: 'generated' })).toEqual({ success: true });
    expect(await cs.request('listSSHKeyPairs', { name: 'generated' })).toEqual({});
  });
});
