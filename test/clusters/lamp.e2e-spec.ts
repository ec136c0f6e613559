import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

import { SystemUnderTest } from '../support/system-under-test';
import { ClusterStack } from './cluster-stack';

const TEMPLATE = readFileSync(join(__dirname, '../../templates/lamp/lamp.yaml'), 'utf8');
const PASSWORD = 'db-secret-Xq7.pw';

/** Whether a TCP connection from this host to address:port is accepted within 3 s. */
function tcpOpens(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: address, port, timeout: 3_000 });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}

/** The shipped LAMP template on simulator VMs that are real hosts (apache2, php, mariadb-server on the host). */
describe('templates/lamp on the simulator', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 100, realVms: true });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  it('serves a page whose message is read from the database VM', async () => {
    const stack = new ClusterStack(system, 'lamp');
    const greeting = `Greetings from stack lamp ${Date.now()}`;
    const started = Date.now();
    const created = await stack.create(
      TEMPLATE,
      {
        DatabasePassword: PASSWORD,
        Greeting: greeting,
        // The host reaches the VMs from the bridge's gateway address.
        ClientCidr: `${system.guestGateway}/32`,
      },
      180_000,
    );
    const elapsed = ((Date.now() - started) / 1000).toFixed(1);

    const web = stack.address('Web');
    const database = stack.address('Database');
    const url = await stack.output('WebsiteURL');
    expect(url).toBe(`http://${web}/`);
    // NoEcho: the password is masked where the API shows parameters, and absent from every output.
    expect(created.Parameters?.find((p) => p.ParameterKey === 'DatabasePassword')?.ParameterValue).toBe('****');
    expect(JSON.stringify(created.Outputs)).not.toContain(PASSWORD);

    const page = async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      return { status: response.status, body: await response.text() };
    };
    const first = await page();
    expect(first.status).toBe(200);
    expect(first.body).toContain(`<h1 id="message">${greeting}</h1>`);
    // The row comes from the database VM's own server (its hostname), not from the web VM or the host.
    const databaseHost = (await stack.ssh(database, 'hostname')).trim();
    expect(first.body).toContain(`<b id="database-server">${databaseHost}</b>`);
    expect(first.body).toContain(`<b id="web-server">${(await stack.ssh(web, 'hostname')).trim()}</b>`);

    // The database VM runs its own mariadbd on the data directory initialised in the VM.
    expect(await stack.ssh(database, 'mariadb --defaults-file=/etc/lamp-mariadb/my.cnf -N -e "SELECT @@datadir"')).toBe(
      '/var/lib/lamp-mariadb/\n',
    );

    // A change in the database shows on the next request: the page reads it every time.
    await stack.ssh(
      database,
      `mariadb --defaults-file=/etc/lamp-mariadb/my.cnf lamp -e "UPDATE greetings SET message = 'changed in the database' WHERE id = 1"`,
    );
    expect((await page()).body).toContain('<h1 id="message">changed in the database</h1>');

    // Only the web VM may reach MariaDB: the host (not in the web VM's security group) is refused.
    const reachable = await stack.ssh(
      web,
      `timeout 3 bash -c '>/dev/tcp/${database}/3306' && echo open || echo closed`,
    );
    expect(reachable.trim()).toBe('open');
    expect(await tcpOpens(database, 3306)).toBe(false);

    console.log(`lamp: CREATE_COMPLETE after ${elapsed} s`);
    await stack.delete();
  }, 360_000);
});
