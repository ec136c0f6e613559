import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { isTimeout, pooledHttpTransport } from './http-transport';

describe('pooledHttpTransport', () => {
  let server: Server;
  let url: string;
  let connections: number;
  let delayMs: number;
  const seen: Array<{ method?: string; url?: string; body: string; contentType?: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, body, contentType: req.headers['content-type'] });
        setTimeout(
          () => res.writeHead(431, { 'content-type': 'application/json', 'x-description': 'bad value' }).end('{"a":1}'),
          delayMs,
        );
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/api`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    connections = 0;
    delayMs = 5;
    seen.length = 0;
  });

  it('sends GETs with the query and POSTs as a form, and gives back status, headers and body', async () => {
    const send = pooledHttpTransport(2);
    const got = await send({ method: 'GET', url, query: 'command=listZones&response=json', timeoutMs: 1_000 });
    expect(got).toMatchObject({ status: 431, statusText: 'Request Header Fields Too Large', text: '{"a":1}' });
    expect(got.header('X-Description')).toBe('bad value');
    expect(got.header('x-missing')).toBeUndefined();
    await send({ method: 'POST', url, body: 'command=deployVirtualMachine&userdata=abc', timeoutMs: 1_000 });
    expect(seen).toEqual([
      { method: 'GET', url: '/client/api?command=listZones&response=json', body: '', contentType: undefined },
      {
        method: 'POST',
        url: '/client/api',
        body: 'command=deployVirtualMachine&userdata=abc',
        contentType: 'application/x-www-form-urlencoded; charset=UTF-8',
      },
    ]);
  });

  it('opens at most its number of connections for a burst of calls and keeps them for the next', async () => {
    const send = pooledHttpTransport(3);
    const burst = () =>
      Promise.all(
        Array.from({ length: 40 }, (_, i) => send({ method: 'GET', url, query: `n=${i}`, timeoutMs: 5_000 })),
      );
    await burst();
    expect(seen).toHaveLength(40);
    expect(connections).toBe(3);
    await burst();
    expect(seen).toHaveLength(80);
    expect(connections).toBe(3);
  });

  it('gives up on a call past its time limit with an error isTimeout recognises', async () => {
    delayMs = 300;
    const failure = await pooledHttpTransport(4)({ method: 'GET', url, query: 'slow=1', timeoutMs: 50 }).catch(
      (error) => error,
    );
    expect(failure).toMatchObject({ name: 'TimeoutError' });
    expect(isTimeout(failure)).toBe(true);
    expect(isTimeout(new Error('connect ECONNREFUSED'))).toBe(false);
  });
});
