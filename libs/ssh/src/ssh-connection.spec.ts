import { spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Server, utils } from 'ssh2';

import { hostKeyFingerprint, HostKeyMismatchError, InMemoryHostKeyStore } from './host-key';
import { SshConnection } from './ssh-connection';
import { SshConnectionPool } from './ssh-connection-pool';
import { SshTarget } from './ssh-target';
import { deriveStackKeyPair } from './stack-key-pair';
import { SshUnreachableError, waitForSsh } from './wait-for-ssh';

const SECRET = 'unit-test-master-secret';
const clientKey = deriveStackKeyPair(SECRET, 'stack-under-test');

/** An in-process SSH server (ssh2's own) that runs exec requests with the local `sh`, like sshd would. */
class LoopbackSshServer {
  connections = 0;
  private readonly server: Server;

  constructor(hostKey: string) {
    const allowed = utils.parseKey(clientKey.publicKeyOpenSsh) as ReturnType<typeof utils.parseKey> & {
      getPublicSSH(): Buffer;
    };
    this.server = new Server({ hostKeys: [hostKey] }, (client) => {
      this.connections++;
      client.on('authentication', (ctx) => {
        const presented = ctx.method === 'publickey' ? ctx.key.data : Buffer.alloc(0);
        const expected = allowed.getPublicSSH();
        if (ctx.method === 'publickey' && presented.length === expected.length && timingSafeEqual(presented, expected))
          ctx.accept();
        else ctx.reject(['publickey']);
      });
      client.on('ready', () =>
        client.on('session', (acceptSession) => {
          acceptSession().on('exec', (accept, _reject, info) => {
            const stream = accept();
            const child = spawn('sh', ['-c', info.command]);
            stream.pipe(child.stdin);
            // The server side closes the channel when its stream ends, so the exit status must be sent first.
            child.stdout.pipe(stream, { end: false });
            child.stderr.pipe(stream.stderr, { end: false });
            child.on('close', (code) => {
              stream.exit(code ?? 255);
              stream.end();
            });
          });
        }),
      );
      client.on('error', () => undefined);
    });
  }

  listen(port = 0): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(port, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port)),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function target(port: number, overrides: Partial<SshTarget> = {}): SshTarget {
  return {
    address: '127.0.0.1',
    port,
    user: 'root',
    privateKey: clientKey.privateKeyOpenSsh,
    hostKeyRef: { stackId: 'stack-under-test', hostId: 'vm-1', address: '127.0.0.1', port },
    hostKeyPolicy: 'accept-new',
    ...overrides,
  };
}

describe('SshConnection against an SSH server', () => {
  const hostKey = deriveStackKeyPair(SECRET, 'host-key-one');
  let server: LoopbackSshServer;
  let port: number;

  beforeAll(async () => {
    server = new LoopbackSshServer(hostKey.privateKeyOpenSsh);
    port = await server.listen();
  });
  afterAll(() => server.close());

  it('runs a script with standard input and reports its output and status', async () => {
    const connection = await SshConnection.open(target(port), { hostKeys: new InMemoryHostKeyStore() });
    try {
      const result = await connection.exec('cat; echo " out"; echo err >&2; exit 3', { stdin: 'from stdin' });
      expect(result).toMatchObject({
        exitCode: 3,
        stdout: 'from stdin out\n',
        stderr: 'err\n',
        timedOut: false,
        truncated: false,
      });
    } finally {
      connection.close();
    }
  });

  it('uploads a file atomically with its mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-upload-'));
    const connection = await SshConnection.open(target(port), { hostKeys: new InMemoryHostKeyStore() });
    try {
      await connection.upload(join(dir, 'secret.conf'), Buffer.from('key=value\n'), '0600');
      expect(readFileSync(join(dir, 'secret.conf'), 'utf8')).toBe('key=value\n');
      expect(statSync(join(dir, 'secret.conf')).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir)).toEqual(['secret.conf']);
    } finally {
      connection.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('caps captured output and stops commands that outlive their time limit', async () => {
    const connection = await SshConnection.open(target(port), { hostKeys: new InMemoryHostKeyStore() });
    try {
      const long = await connection.exec('head -c 100000 /dev/zero | tr "\\0" x', { maxOutputBytes: 1000 });
      expect(long.truncated).toBe(true);
      expect(long.stdout).toMatch(/bytes omitted/);
      const started = Date.now();
      const slow = await connection.exec('sleep 30', { timeoutMs: 1_000 });
      expect(slow.timedOut).toBe(true);
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      connection.close();
    }
  });

  it('records the host key on first contact and refuses a different key afterwards', async () => {
    const store = new InMemoryHostKeyStore();
    (await SshConnection.open(target(port), { hostKeys: store })).close();
    const ref = target(port).hostKeyRef;
    expect((await store.find(ref))?.fingerprint).toBe(hostKey.fingerprint);

    const impostor = new LoopbackSshServer(deriveStackKeyPair(SECRET, 'host-key-two').privateKeyOpenSsh);
    const impostorPort = await impostor.listen();
    try {
      await store.recordIfAbsent(
        { ...ref, port: impostorPort, address: '127.0.0.1' },
        { keyType: 'ssh-ed25519', fingerprint: hostKey.fingerprint, publicKey: '' },
      );
      const impersonated = target(impostorPort);
      await expect(SshConnection.open(impersonated, { hostKeys: store })).rejects.toThrow(HostKeyMismatchError);
      await expect(waitForSsh(impersonated, { hostKeys: store, deadline: Date.now() + 5_000 })).rejects.toThrow(
        HostKeyMismatchError,
      );
    } finally {
      await impostor.close();
    }
    expect(hostKeyFingerprint(Buffer.alloc(1))).not.toBe(hostKey.fingerprint);
  });

  it('shares one connection per host between users of the pool', async () => {
    const pool = new SshConnectionPool({ hostKeys: new InMemoryHostKeyStore(), idleMs: 50 });
    const before = server.connections;
    const deadline = Date.now() + 10_000;
    const outputs = await Promise.all(
      [1, 2, 3].map((n) =>
        pool.withConnection(target(port), deadline, async (connection) => (await connection.exec(`echo ${n}`)).stdout),
      ),
    );
    expect(outputs).toEqual(['1\n', '2\n', '3\n']);
    expect(server.connections - before).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(pool.size).toBe(0);
    await pool.closeAll();
  });
});

describe('waitForSsh', () => {
  it('keeps trying until the server answers', async () => {
    const probe = new LoopbackSshServer(deriveStackKeyPair(SECRET, 'late-host').privateKeyOpenSsh);
    const port = await probe.listen();
    await probe.close();
    const late = new LoopbackSshServer(deriveStackKeyPair(SECRET, 'late-host').privateKeyOpenSsh);
    setTimeout(() => void late.listen(port), 1_000);
    let retries = 0;
    const connection = await waitForSsh(target(port), {
      hostKeys: new InMemoryHostKeyStore(),
      deadline: Date.now() + 15_000,
      onRetry: () => retries++,
    });
    connection.close();
    await late.close();
    expect(retries).toBeGreaterThan(0);
  });

  it('gives up at the deadline with the last error', async () => {
    const probe = new LoopbackSshServer(deriveStackKeyPair(SECRET, 'gone').privateKeyOpenSsh);
    const port = await probe.listen();
    await probe.close();
    await expect(
      waitForSsh(target(port), { hostKeys: new InMemoryHostKeyStore(), deadline: Date.now() + 1_500 }),
    ).rejects.toThrow(SshUnreachableError);
  });
});
