import { writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { ModuleHarness } from '../testing/module-harness';
import { waitForModule } from './wait-for.module';

describe('wait_for module', () => {
  const harness = new ModuleHarness();
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((request, response) => response.writeHead(request.url === '/ready' ? 200 : 503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    harness.cleanup();
  });

  it('waits for a port and an HTTP URL on the host', async () => {
    expect((await waitForModule.run({ port, timeout: 5 }, harness.context())).result).toBe('ok');
    expect(
      (await waitForModule.run({ url: `http://127.0.0.1:${port}/ready`, timeout: 5 }, harness.context())).result,
    ).toBe('ok');
  });

  it('fails after its timeout when nothing answers', async () => {
    const outcome = await waitForModule.run(
      { url: `http://127.0.0.1:${port}/not-ready`, timeout: 1 },
      harness.context(),
    );
    expect(outcome).toMatchObject({ result: 'failed', message: expect.stringMatching(/timed out after 1 s/) });
  });

  it('waits for a path to appear', async () => {
    const path = harness.path('ready.flag');
    setTimeout(() => writeFileSync(path, ''), 500);
    expect((await waitForModule.run({ path, timeout: 10 }, harness.context())).result).toBe('ok');
  });

  it('does not wait in check mode', async () => {
    expect((await waitForModule.run({ port: 1, timeout: 60 }, harness.context({ check: true }))).result).toBe(
      'skipped',
    );
  });
});
