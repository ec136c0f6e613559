import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { promisify } from 'node:util';

import { RunningSimulator, startSimulator } from '../../apps/cloudstack-simulator/src';
import { CloudStackClient } from '../../libs/cloudstack/src';
import { createGuestKey, GuestKey, sshRun, sshWhenReady } from '../support/guest-ssh';
import { waitUntil } from '../support/wait-until';

const run = promisify(execFile);

/** Resolves true when a TCP connection to address:port opens within timeoutMs (a dropped SYN resolves false). */
function canConnect(address: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: timeoutMs });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** A wait-condition style endpoint on the host's loopback: what VMs post to it through their gateway. */
async function startSignalServer(): Promise<{ server: Server; port: number; signals: string[] }> {
  const signals: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      signals.push(`${req.method} ${req.url} ${body}`);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, signals };
}

// A bridge and subnet of its own, so this suite runs beside a developer's simulator (cfnsim0, 10.77.0.0/16).
const bridge = `cfnt${randomBytes(4).toString('hex')}`;
const subnetOctet = 100 + (randomBytes(1)[0] % 150);
const guestCidr = `10.${subnetOctet}.${randomBytes(1)[0]}.0/24`;
const gateway = guestCidr.replace(/0\/24$/, '1');

describe('VMs that are real hosts', () => {
  let sim: RunningSimulator;
  let cloud: CloudStackClient;
  let key: GuestKey;
  let signal: Awaited<ReturnType<typeof startSignalServer>>;
  let vm: { id: string; name: string; ip: string };
  let securityGroupId: string;

  beforeAll(async () => {
    [key, signal] = await Promise.all([createGuestKey(), startSignalServer()]);
    sim = await startSimulator({ realVms: 'on', bridgeName: bridge, guestCidr });
    cloud = new CloudStackClient({
      apiUrl: sim.apiUrl,
      apiKey: sim.apiKey,
      secretKey: sim.secretKey,
      pollIntervalMs: 100,
      maxPollIntervalMs: 200,
      logger: { debug: () => undefined, warn: () => undefined },
    });
    const [zone] = (await cloud.request('listZones')).zone;
    const [template] = (await cloud.request('listTemplates', { templatefilter: 'featured', name: 'debian-12' }))
      .template;
    const [offering] = (await cloud.request('listServiceOfferings', { name: 'Small Instance' })).serviceoffering;
    await cloud.request('registerSSHKeyPair', { name: 'e2e-key', publickey: key.publicKey });
    securityGroupId = (await cloud.request('createSecurityGroup', { name: 'e2e-web' })).securitygroup.id;
    await cloud.executeAsync('authorizeSecurityGroupIngress', {
      securitygroupid: securityGroupId,
      protocol: 'tcp',
      startport: 22,
      endport: 22,
      cidrlist: '0.0.0.0/0',
    });
    const userdata = [
      '#!/bin/sh',
      'hostname > /root/userdata-ran',
      `curl -fsS -X POST --data-binary "$(hostname)" http://${gateway}:${signal.port}/wait-condition/e2e`,
      'mkdir -p /srv/www && echo served-from-the-vm > /srv/www/index.html',
      'nohup python3 -m http.server 8000 --bind 0.0.0.0 --directory /srv/www > /dev/null 2>&1 &',
      '',
    ].join('\n');
    const deployed = await cloud.executeAsync('deployVirtualMachine', {
      zoneid: zone.id,
      templateid: template.id,
      serviceofferingid: offering.id,
      name: 'e2e-vm-1',
      keypair: 'e2e-key',
      securitygroupids: securityGroupId,
      userdata: Buffer.from(userdata).toString('base64'),
    });
    const record = deployed.result.virtualmachine;
    expect(record.state).toBe('Running');
    vm = { id: record.id, name: record.name, ip: record.nic[0].ipaddress };
  });

  afterAll(async () => {
    await sim?.close();
    signal?.server.closeAllConnections();
    await new Promise((resolve) => signal?.server.close(resolve));
    await key?.dispose();
  });

  it('answers `ssh root@<ip> hostname` with its name, as PID 1 of its own PID namespace', async () => {
    expect(vm.ip.startsWith(gateway.replace(/1$/, ''))).toBe(true);
    const out = await sshWhenReady(vm.ip, key, 'hostname; cat /proc/1/comm; ls /proc | grep -c "^[0-9]"');
    const [hostname, init, processes] = out.trim().split('\n');
    expect(hostname).toBe('e2e-vm-1');
    expect(init).toBe('tini');
    expect(Number(processes)).toBeLessThan(20);
  });

  it('serves the VM its own metadata at the gateway, runs its userdata script, and reaches the host through the gateway', async () => {
    const metadata = await sshRun(
      vm.ip,
      key,
      `curl -fsS http://${gateway}/latest/meta-data/local-ipv4; echo; curl -fsS http://${gateway}/latest/meta-data/instance-id; echo; curl -fsS http://${gateway}/latest/meta-data/public-keys`,
    );
    expect(metadata.trim().split('\n')).toEqual([vm.ip, vm.id, key.publicKey]);
    expect((await sshWhenReady(vm.ip, key, 'cat /root/userdata-ran', 10_000)).trim()).toBe('e2e-vm-1');
    await waitUntil('the wait-condition signal from the VM', async () => signal.signals.length > 0, 10_000);
    expect(signal.signals).toEqual(['POST /wait-condition/e2e e2e-vm-1']);
  });

  it('opens a port only after authorizeSecurityGroupIngress, and closes it again on revoke', async () => {
    await sshWhenReady(vm.ip, key, 'curl -fsS http://127.0.0.1:8000/', 10_000);
    expect(await canConnect(vm.ip, 8000)).toBe(false);
    const authorized = await cloud.executeAsync('authorizeSecurityGroupIngress', {
      securitygroupid: securityGroupId,
      protocol: 'tcp',
      startport: 8000,
      endport: 8000,
      cidrlist: `${gateway}/32`,
    });
    await waitUntil('port 8000 to open', () => canConnect(vm.ip, 8000), 10_000);
    const page = await fetch(`http://${vm.ip}:8000/`, {
      headers: { connection: 'close' },
      signal: AbortSignal.timeout(5_000),
    });
    expect((await page.text()).trim()).toBe('served-from-the-vm');

    const rule = authorized.result.securitygroup.ingressrule.find((r: { startport: number }) => r.startport === 8000);
    await cloud.executeAsync('revokeSecurityGroupIngress', { id: rule.ruleid });
    await waitUntil('port 8000 to close', async () => !(await canConnect(vm.ip, 8000, 500)), 10_000);
  });

  it('keeps what is written inside on the VM disk, not on the host, across stop and start', async () => {
    const marker = `written-inside-${randomBytes(4).toString('hex')}`;
    await sshRun(vm.ip, key, `echo ${marker} > /root/${marker}`);
    expect(existsSync(`/root/${marker}`)).toBe(false);

    const stopped = await cloud.executeAsync('stopVirtualMachine', { id: vm.id });
    expect(stopped.result.virtualmachine.state).toBe('Stopped');
    expect(await canConnect(vm.ip, 22, 500)).toBe(false);

    const started = await cloud.executeAsync('startVirtualMachine', { id: vm.id });
    expect(started.result.virtualmachine.nic[0].ipaddress).toBe(vm.ip);
    expect((await sshWhenReady(vm.ip, key, `cat /root/${marker}; hostname`)).trim().split('\n')).toEqual([
      marker,
      'e2e-vm-1',
    ]);
  });

  it('removes the namespace and the disk on expunge, and the bridge on shutdown', async () => {
    const namespaces = async () => (await run('ip', ['netns', 'list'])).stdout;
    expect(await namespaces()).toContain(`${bridge}-${vm.id}`);
    await cloud.executeAsync('destroyVirtualMachine', { id: vm.id, expunge: true });
    expect(await namespaces()).not.toContain(`${bridge}-${vm.id}`);
    expect(existsSync(`/var/lib/cfn-simulator/${bridge}/${vm.id}`)).toBe(false);

    await sim.close();
    await expect(run('ip', ['link', 'show', bridge])).rejects.toThrow();
    expect(existsSync(`/var/lib/cfn-simulator/${bridge}`)).toBe(false);
  });
});
