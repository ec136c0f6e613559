import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

import { SimulatorHarness } from '../../apps/cloudstack-simulator/src/testing/simulator-harness';
import { CloudStackClient } from '../../libs/cloudstack/src/cloudstack-client';
import { CloudStackClientOptions } from '../../libs/cloudstack/src/cloudstack-client-options';
import { CloudStackApiError, CloudStackTransportError } from '../../libs/cloudstack/src/errors';

type Handler = (command: string, req: IncomingMessage, res: ServerResponse) => void;

const answer = (res: ServerResponse, status: number, command: string, body: Record<string, unknown>) =>
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ [`${command.toLowerCase()}response`]: body }));
const error = (res: ServerResponse, status: number, command: string, errortext: string) =>
  answer(res, status, command, { uuidList: [], errorcode: status, cserrorcode: 4250, errortext });

describe('CloudStackClient against a flaky endpoint', () => {
  let server: Server;
  let apiUrl: string;
  let handler: Handler;
  let hits: string[];
  const lines: string[] = [];
  const logger = { debug: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
  const client = (extra: Partial<CloudStackClientOptions> = {}) =>
    new CloudStackClient({
      apiUrl,
      apiKey: 'the-api-key',
      secretKey: 'the-secret-key',
      retryBaseDelayMs: 5,
      timeoutMs: 500,
      logger,
      ...extra,
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const read: Buffer[] = [];
      req.on('data', (chunk: Buffer) => read.push(chunk));
      req.on('end', () => {
        const query = new URLSearchParams(
          `${new URL(req.url ?? '/', 'http://x').search.slice(1)}&${Buffer.concat(read).toString()}`,
        );
        const command = query.get('command') ?? '?';
        hits.push(command);
        handler(command, req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/api`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    hits = [];
    lines.length = 0;
  });

  it('repeats even a create after 429, waiting at least what CloudStack asks', async () => {
    let calls = 0;
    handler = (command, _req, res) =>
      ++calls === 1
        ? error(res, 429, command, 'The given user has reached his/her account api limit, please retry after 120 ms.')
        : answer(res, 200, command, { id: 'vm-1', jobid: 'job-1' });
    const started = Date.now();
    expect(await client().request('deployVirtualMachine', { name: 'x' })).toEqual({ id: 'vm-1', jobid: 'job-1' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(hits).toEqual(['deployVirtualMachine', 'deployVirtualMachine']);
  });

  it('repeats a create whose connection was refused, never one that may have run', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = new CloudStackClient({
      apiUrl: `http://127.0.0.1:${port}/client/api`,
      apiKey: 'k',
      secretKey: 's',
      retryBaseDelayMs: 1,
      logger,
    });
    const err = await refused.request('deployVirtualMachine').catch((e) => e);
    expect(err).toBeInstanceOf(CloudStackTransportError);
    expect(err.notSent).toBe(true);
    expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(3);

    handler = () => undefined; // never answers: the call times out, and CloudStack may have acted on it
    const timedOut = await client({ timeoutMs: 50 })
      .request('deployVirtualMachine')
      .catch((e) => e);
    expect(timedOut).toMatchObject({ timedOut: true, notSent: false });
    expect(hits).toEqual(['deployVirtualMachine']);
  });

  describe('createIdempotently', () => {
    it('looks for the earlier attempt before repeating an uncertain create, and finds it', async () => {
      handler = (command, _req, res) =>
        error(res, 530, command, 'Internal error executing command, please contact your system administrator');
      const lookups: number[] = [];
      const result = await client().createIdempotently(
        'createSecurityGroup',
        { name: 'web' },
        {
          findExisting: async () => {
            lookups.push(hits.length);
            return lookups.length === 2 ? { id: 'sg-1', name: 'web' } : undefined;
          },
        },
      );
      expect(result).toEqual({ created: false, existing: { id: 'sg-1', name: 'web' } });
      expect(hits).toEqual(['createSecurityGroup']);
      expect(lookups).toEqual([0, 1]);
    });

    it('sends the create again only when nothing was made, and gives up after maxAttempts', async () => {
      handler = (command, _req, res) => error(res, 530, command, 'boom');
      const order: string[] = [];
      const findExisting = async () => {
        order.push('find');
        return undefined;
      };
      const original = handler;
      handler = (command, req, res) => {
        order.push('create');
        original(command, req, res);
      };
      await expect(
        client({ maxAttempts: 3 }).createIdempotently('createSecurityGroup', { name: 'web' }, { findExisting }),
      ).rejects.toMatchObject({ errorcode: 530 });
      expect(order).toEqual(['find', 'create', 'find', 'create', 'find', 'create']);
    });

    it('takes "already exists" after an uncertain attempt as that attempt having worked', async () => {
      let creates = 0;
      handler = (command, _req, res) =>
        ++creates === 1
          ? error(res, 502, command, 'bad gateway')
          : error(res, 431, command, 'The vm with hostName web already exists');
      let finds = 0;
      const result = await client().createIdempotently(
        'deployVirtualMachine',
        { name: 'web' },
        {
          findExisting: async () => (++finds === 3 ? { id: 'vm-1' } : undefined),
        },
      );
      expect(result).toEqual({ created: false, existing: { id: 'vm-1' } });
      expect(creates).toBe(2);
    });

    it('returns the create answer when it works, and passes other errors through', async () => {
      handler = (command, _req, res) => answer(res, 200, command, { id: 'vm-2', jobid: 'job-2' });
      expect(
        await client().createIdempotently('deployVirtualMachine', {}, { findExisting: async () => undefined }),
      ).toEqual({
        created: true,
        response: { id: 'vm-2', jobid: 'job-2' },
      });
      handler = (command, _req, res) => error(res, 431, command, 'bad template');
      await expect(
        client().createIdempotently(
          'deployVirtualMachine',
          {},
          { findExisting: async () => undefined, lookFirst: false },
        ),
      ).rejects.toBeInstanceOf(CloudStackApiError);
      expect(hits).toEqual(['deployVirtualMachine', 'deployVirtualMachine']);
    });
  });

  it('keeps to the configured request rate per endpoint, shared by clients with the same keys', async () => {
    handler = (command, _req, res) => answer(res, 200, command, {});
    const options = { requestsPerSecond: 20, burst: 2, apiKey: 'rate-limited-key' };
    const [a, b] = [client(options), client(options)];
    const started = Date.now();
    await Promise.all([1, 2, 3].flatMap(() => [a.request('listZones'), b.request('listZones')]));
    // Two at once, then one every 50 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const unlimited = Date.now();
    await Promise.all([1, 2, 3, 4, 5, 6].map(() => client().request('listZones')));
    expect(Date.now() - unlimited).toBeLessThan(150);
  });

  it('never logs or reports the secret key, the signature or userdata', async () => {
    const userdata = Buffer.from('#!/bin/sh\necho secret-password-123\n').toString('base64');
    const captured: string[] = [];
    handler = (command, req, res) => {
      captured.push(req.url ?? '');
      // A proxy error page that echoes the request, as some do.
      res.writeHead(503, { 'content-type': 'text/html' }).end(`<html>upstream failed for ${req.url}</html>`);
    };
    const cs = client({ maxAttempts: 2 });
    const errors = [
      await cs.request('listVirtualMachines', { keyword: 'x' }).catch((e: Error) => e),
      await cs.request('deployVirtualMachine', { name: 'x', userdata }).catch((e: Error) => e),
    ];
    handler = () => undefined;
    errors.push(
      await client({ timeoutMs: 30, maxAttempts: 2 })
        .request('listZones')
        .catch((e: Error) => e),
    );
    const signature = new URLSearchParams(captured[0].split('?')[1]).get('signature')!;
    expect(signature.length).toBeGreaterThan(10);
    const everything = [...lines, ...errors.map((e) => `${e.message} ${JSON.stringify(e)}`)].join('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const secret of [
      'the-secret-key',
      signature,
      encodeURIComponent(signature),
      userdata,
      'secret-password-123',
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).toContain('signature=***');
  });
});

describe('CloudStackClient against the simulator with faults', () => {
  let h: SimulatorHarness;

  beforeAll(async () => {
    h = await SimulatorHarness.start();
  });
  afterAll(() => h.close());

  it('waits out transient failures of queryAsyncJobResult', async () => {
    await h.setFaults({
      transientErrors: { queryAsyncJobResult: { rate: 0.6 } },
      jobDuration: { createAffinityGroup: { min: 50, max: 50 } },
    });
    const cs = h.admin({ maxAttempts: 1 });
    const { result } = await cs.executeAsync('createAffinityGroup', { name: 'poll', type: 'host affinity' });
    expect(result.affinitygroup.name).toBe('poll');
  });

  it('finds a security group whose create answer was lost', async () => {
    await h.setFaults({ transientErrors: { createSecurityGroup: { rate: 1, afterExecution: 1 } } });
    const cs = h.admin();
    const result = await cs.createIdempotently(
      'createSecurityGroup',
      { name: 'lost-answer' },
      {
        findExisting: () =>
          cs.findOne<{ name: string }>(
            'listSecurityGroups',
            { securitygroupname: 'lost-answer' },
            'securitygroup',
            (g) => g.name === 'lost-answer',
          ),
      },
    );
    expect(result).toMatchObject({ created: false, existing: { name: 'lost-answer' } });
    await h.setFaults({});
    expect(await cs.listAll('listSecurityGroups', { securitygroupname: 'lost-answer' }, 'securitygroup')).toHaveLength(
      1,
    );
  });
});
