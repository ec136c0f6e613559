import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { CloudStackClient, signCloudStackRequest } from '@cfn/cloudstack';

import { RunningSimulator, startSimulator } from '../../apps/cloudstack-simulator/src';

const run = promisify(execFile);

/**
 * Independent clients against the simulator (API-only): Apache Libcloud's CloudStack driver from Debian's
 * python3-libcloud, and the reference's signature vector sent as a raw request.
 */
describe('independent CloudStack clients', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => sim.close());

  it('Libcloud lists sizes, images and locations, creates a node with a key pair and a security group, reboots and destroys it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'libcloud-'));
    try {
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'libcloud@test', '-f', join(dir, 'id')]);
      const publicKey = readFileSync(join(dir, 'id.pub'), 'utf8').trim();
      const { stdout } = await run('/usr/bin/python3', [join(__dirname, 'libcloud-walkthrough.py')], {
        env: {
          ...process.env,
          CS_API_URL: sim.apiUrl,
          CS_API_KEY: sim.apiKey,
          CS_SECRET_KEY: sim.secretKey,
          CS_PUBLIC_KEY: publicKey,
        },
        timeout: 60_000,
      });
      const seen = JSON.parse(stdout);
      expect(seen.sizes.map((s: { name: string }) => s.name)).toEqual([
        'Small Instance',
        'Medium Instance',
        'Large Instance',
      ]);
      expect(seen.sizes[0]).toMatchObject({ ram: 512, cpu: 1 });
      expect(seen.images.map((i: { name: string }) => i.name)).toEqual(['debian-12', 'ubuntu-22.04']);
      expect(seen.locations).toEqual([{ id: expect.any(String), name: 'Sim-Zone-1' }]);
      expect(seen.keypairs).toEqual({
        imported: { name: 'libcloud-imported', fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/) },
        created: { name: 'libcloud-created', has_private_key: true },
        listed: ['libcloud-created', 'libcloud-imported'],
      });
      expect(seen.security_group).toEqual({
        name: 'libcloud-sg',
        ingress: [
          { ruleid: expect.any(String), protocol: 'tcp', startport: 22, endport: 22, cidr: '0.0.0.0/0', tags: [] },
        ],
      });
      expect(seen.created_node).toMatchObject({ name: 'libcloud-node', state: 'running' });

      // What Libcloud saw must be what the cloud holds.
      const cs = new CloudStackClient({
        apiUrl: sim.apiUrl,
        apiKey: sim.apiKey,
        secretKey: sim.secretKey,
        logger: { debug: () => {}, warn: () => {} },
      });
      const [vm] = await cs.listAll('listVirtualMachines', { id: seen.created_node.id }, 'virtualmachine');
      expect(seen.listed_node).toEqual({
        name: 'libcloud-node',
        state: 'running',
        private_ips: [vm.nic[0].ipaddress],
        public_ips: [],
        key_name: 'libcloud-imported',
        security_groups: ['libcloud-sg'],
      });
      expect(seen).toMatchObject({
        rebooted: true,
        state_after_reboot: 'running',
        destroyed: true,
        state_after_destroy: 'terminated',
      });
      expect(vm.state).toBe('Destroyed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts the reference signature vector (key foo, secret bar) exactly as given', async () => {
    const vectorSim = await startSimulator({ port: 0, apiKey: 'foo', secretKey: 'bar' });
    try {
      const query = 'apiKey=foo&command=listVirtualMachines&listall=true&response=json';
      expect(signCloudStackRequest(Object.fromEntries(new URLSearchParams(query)), 'bar')).toBe(
        'B0d6hBsZTcFVCiioSxzwKA9Pke8=',
      );
      const res = await fetch(
        `${vectorSim.apiUrl}?${query}&signature=${encodeURIComponent('B0d6hBsZTcFVCiioSxzwKA9Pke8=')}`,
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ listvirtualmachinesresponse: {} });
      const tampered = await fetch(
        `${vectorSim.apiUrl}?${query.replace('true', 'false')}&signature=${encodeURIComponent('B0d6hBsZTcFVCiioSxzwKA9Pke8=')}`,
      );
      expect(tampered.status).toBe(401);
    } finally {
      await vectorSim.close();
    }
  });
});
