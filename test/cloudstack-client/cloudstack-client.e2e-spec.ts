import http, { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { RunningSimulator, stableUuid, startSimulator } from '../../apps/cloudstack-simulator/src';
import { CloudStackClient } from '../../libs/cloudstack/src/cloudstack-client';
import { CloudStackClientOptions } from '../../libs/cloudstack/src/cloudstack-client-options';
import {
  CloudStackApiError,
  CloudStackAsyncJobError,
  CloudStackJobTimeoutError,
  CloudStackTransportError,
} from '../../libs/cloudstack/src/errors';
import {
  CloudStackHttpRequest,
  CloudStackHttpTransport,
  pooledHttpTransport,
} from '../../libs/cloudstack/src/http-transport';

const silent = { debug: () => undefined, warn: () => undefined };
const catalogue = {
  zoneid: stableUuid('zone', 'Sim-Zone-1'),
  templateid: stableUuid('template', 'debian-12'),
  serviceofferingid: stableUuid('serviceoffering', 'Medium Instance'),
};

describe('CloudStackClient against the in-process simulator', () => {
  let sim: RunningSimulator;
  /** Every call the clients made, as handed to the transport. */
  let sent: CloudStackHttpRequest[];
  const pooled = pooledHttpTransport(32);
  const recording: CloudStackHttpTransport = (request) => (sent.push(request), pooled(request));
  const client = (extra: Partial<CloudStackClientOptions> = {}) =>
    new CloudStackClient({
      transport: recording,
      apiUrl: sim.apiUrl,
      apiKey: sim.apiKey,
      secretKey: sim.secretKey,
      pollIntervalMs: 10,
      maxPollIntervalMs: 50,
      logger: silent,
      ...extra,
    });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, host: '127.0.0.1', deployLatencyMs: 50 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sent = [];
  });

  it('deploys, stops, starts, destroys, recovers and expunges a VM', async () => {
    const cs = client();
    const deployed = await cs.executeAsync('deployVirtualMachine', {
      ...catalogue,
      name: 'life-1',
      displayname: 'Life one',
    });
    expect(deployed.id).toEqual(expect.any(String));
    const vm = deployed.result.virtualmachine;
    expect(vm).toMatchObject({
      id: deployed.id,
      name: 'life-1',
      displayname: 'Life one',
      state: 'Running',
      cpunumber: 1,
      memory: 1024,
    });

    const stopped = await cs.executeAsync('stopVirtualMachine', { id: vm.id });
    expect(stopped.result.virtualmachine.state).toBe('Stopped');
    expect((await cs.executeAsync('startVirtualMachine', { id: vm.id })).result.virtualmachine.state).toBe('Running');
    expect((await cs.executeAsync('rebootVirtualMachine', { id: vm.id })).result.virtualmachine.state).toBe('Running');

    await cs.executeAsync('destroyVirtualMachine', { id: vm.id });
    const [destroyed] = await cs.listAll('listVirtualMachines', { id: vm.id, listall: true }, 'virtualmachine');
    expect(destroyed.state).toBe('Destroyed');
    expect((await cs.request('recoverVirtualMachine', { id: vm.id })).virtualmachine.state).toBe('Stopped');
    await cs.executeAsync('destroyVirtualMachine', { id: vm.id });

    const expunged = await cs.executeAsync('expungeVirtualMachine', { id: vm.id });
    expect(expunged.result).toEqual({ success: true });
    expect(await cs.request('listVirtualMachines', { id: vm.id })).toEqual({});
    expect(await cs.listAll('listVirtualMachines', { id: vm.id }, 'virtualmachine')).toEqual([]);
  });

  it('destroys with expunge=true in one step', async () => {
    const cs = client();
    const { id } = await cs.executeAsync('deployVirtualMachine', { ...catalogue, name: 'gone-1' });
    await cs.executeAsync('destroyVirtualMachine', { id, expunge: true });
    expect(await cs.listAll('listVirtualMachines', { name: 'gone-1' }, 'virtualmachine')).toEqual([]);
  });

  it('reads every page with listAll and stops at a short page', async () => {
    const cs = client({ pageSize: 2 });
    for (const n of [1, 2, 3, 4, 5]) await cs.request('deployVirtualMachine', { ...catalogue, name: `paged-${n}` });
    sent = [];
    const vms = await cs.listAll<{ name: string }>(
      'listVirtualMachines',
      { keyword: 'paged-', listall: true },
      'virtualmachine',
    );
    expect(vms.map((v) => v.name).sort()).toEqual(['paged-1', 'paged-2', 'paged-3', 'paged-4', 'paged-5']);
    expect(sent).toHaveLength(3);
    expect(sent[2].query).toMatch(/(^|&)page=3(&|$)/);
  });

  it('reads a round of job listing in one unlimited request (pagesize -1, no page)', async () => {
    const cs = client({ listJobsFrom: 2, pageSize: 2 });
    const deployed = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => cs.executeAsync('deployVirtualMachine', { ...catalogue, name: `listed-${n}` })),
    );
    expect(deployed.map((d) => d.result.virtualmachine.state)).toEqual([
      'Running',
      'Running',
      'Running',
      'Running',
      'Running',
    ]);
    const listings = sent.filter((call) => /(^|&)command=listAsyncJobs(&|$)/.test(call.query ?? call.body ?? ''));
    expect(listings.length).toBeGreaterThan(0);
    for (const listing of listings) {
      expect(listing.query).toMatch(/(^|&)pagesize=-1(&|$)/);
      expect(listing.query).not.toMatch(/(^|&)page=/);
    }
  });

  it('lists jobs page by page once the cloud refuses an unlimited page', async () => {
    const refusals: string[] = [];
    const refusingUnlimited: CloudStackHttpTransport = async (request) => {
      sent.push(request);
      if (
        /(^|&)command=listAsyncJobs(&|$)/.test(request.query ?? '') &&
        /(^|&)pagesize=-1(&|$)/.test(request.query ?? '')
      ) {
        refusals.push(request.query!);
        const text = JSON.stringify({
          listasyncjobsresponse: {
            uuidList: [],
            errorcode: 431,
            cserrorcode: 4350,
            errortext: "Page size can't exceed max allowed page size value: 500",
          },
        });
        return {
          status: 431,
          statusText: "Page size can't exceed max allowed page size value: 500",
          header: () => undefined,
          text,
        };
      }
      return pooled(request);
    };
    const cs = client({ transport: refusingUnlimited, listJobsFrom: 2, pageSize: 2 });
    const deployed = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => cs.executeAsync('deployVirtualMachine', { ...catalogue, name: `paged-jobs-${n}` })),
    );
    expect(deployed.map((d) => d.result.virtualmachine.state)).toEqual([
      'Running',
      'Running',
      'Running',
      'Running',
      'Running',
    ]);
    expect(refusals).toHaveLength(1);
    const paged = sent.filter(
      (call) => /(^|&)command=listAsyncJobs(&|$)/.test(call.query ?? '') && /(^|&)page=\d+(&|$)/.test(call.query ?? ''),
    );
    expect(paged.length).toBeGreaterThan(0);
    expect(paged.every((call) => /(^|&)pagesize=2(&|$)/.test(call.query!))).toBe(true);
  });

  it('decodes CloudStack errors', async () => {
    const cs = client();
    const unknownTemplate = cs.request('deployVirtualMachine', { ...catalogue, templateid: 'missing' });
    await expect(unknownTemplate).rejects.toBeInstanceOf(CloudStackApiError);
    await expect(unknownTemplate).rejects.toMatchObject({
      command: 'deployVirtualMachine',
      errorcode: 431,
      cserrorcode: 4350,
      errortext: expect.stringContaining('Invalid parameter templateid value=missing'),
    });
    await expect(cs.request('listTemplates')).rejects.toMatchObject({
      errorcode: 431,
      errortext: 'Unable to execute API command listtemplates due to missing parameter templatefilter',
    });
    await expect(cs.request('noSuchCommand')).rejects.toMatchObject({ errorcode: 432 });
    await expect(client({ secretKey: 'wrong' }).request('listZones')).rejects.toMatchObject({ errorcode: 401 });
  });

  it('reports a failed job as CloudStackAsyncJobError', async () => {
    const cs = client();
    const { id } = await cs.executeAsync('deployVirtualMachine', { ...catalogue, name: 'fail-1' });
    await cs.executeAsync('destroyVirtualMachine', { id });
    const start = cs.executeAsync('startVirtualMachine', { id });
    await expect(start).rejects.toBeInstanceOf(CloudStackAsyncJobError);
    await expect(start).rejects.toMatchObject({ errorcode: 530, errortext: expect.stringContaining('Destroyed') });
  });

  it('gives up waiting after jobTimeoutMs', async () => {
    const slow = await startSimulator({ deployLatencyMs: 5_000 });
    try {
      const cs = new CloudStackClient({
        apiUrl: slow.apiUrl,
        apiKey: slow.apiKey,
        secretKey: slow.secretKey,
        pollIntervalMs: 10,
        jobTimeoutMs: 100,
        logger: silent,
      });
      await expect(cs.executeAsync('deployVirtualMachine', catalogue)).rejects.toBeInstanceOf(
        CloudStackJobTimeoutError,
      );
    } finally {
      await slow.close();
    }
  });

  it('signs with signatureVersion 3 and expires', async () => {
    const cs = client({ signatureVersion3: true, expiresInSeconds: 60 });
    expect((await cs.request('listZones')).zone[0].name).toBe('Sim-Zone-1');
    expect(sent[0].query).toMatch(/signatureVersion=3&expires=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d%2B0000/);
    await expect(client({ signatureVersion3: true, expiresInSeconds: -5 }).request('listZones')).rejects.toMatchObject({
      errorcode: 401,
    });
  });

  it('POSTs when userdata is present or the query is long, GETs otherwise', async () => {
    const cs = client();
    const userdata = Buffer.from('#cloud-config\nruncmd: [echo hi]\n').toString('base64');
    const { id } = await cs.executeAsync('deployVirtualMachine', { ...catalogue, name: 'ud-1', userdata });
    const deployCall = sent.find((call) => call.body?.includes('command=deployVirtualMachine'));
    expect(deployCall).toMatchObject({ method: 'POST', url: sim.apiUrl });
    expect(deployCall?.query).toBeUndefined();
    sent = [];
    await cs.request('listVirtualMachines', { id, keyword: 'k'.repeat(2100) });
    expect(sent[0]).toMatchObject({ method: 'POST' });
    expect(sent[0].query).toBeUndefined();
    sent = [];
    await cs.request('listZones');
    expect(sent[0]).toMatchObject({ method: 'GET' });
    expect(sent[0].body).toBeUndefined();
    expect(sent[0].query).toContain('command=listZones');
  });

  it('interoperates with a third-party client (csclient, signatureVersion 3) that lists VMs', async () => {
    const { id } = await client().executeAsync('deployVirtualMachine', { ...catalogue, name: 'seen-by-csclient' });
    const paths: string[] = [];
    // csclient takes the http module to use; this one notes the request paths.
    const recordingHttp = {
      get: (url: { path: string }, callback: (res: unknown) => void) => (
        paths.push(url.path),
        http.get(url as never, callback as never)
      ),
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const CsClient = require('csclient');
    const other = new CsClient({
      baseUrl: `${sim.apiUrl}?`,
      apiKey: sim.apiKey,
      secretKey: sim.secretKey,
      http: recordingHttp,
    });
    const call = (command: string, params: Record<string, string>) =>
      new Promise<any>((resolve, reject) =>
        other.executeSync(command, params, (err: Error, res: any) => (err ? reject(err) : resolve(res))),
      );
    const vms = (await call('listVirtualMachines', { listall: 'true', name: 'seen-by-csclient' }))
      .listvirtualmachinesresponse;
    expect(vms).toMatchObject({ count: 1, virtualmachine: [{ id, name: 'seen-by-csclient', state: 'Running' }] });
    const templates = await call('listTemplates', { templatefilter: 'featured', name: 'debian-12' });
    expect(templates.listtemplatesresponse.template[0].id).toBe(catalogue.templateid);
    expect(paths).toHaveLength(2);
    for (const path of paths) expect(path).toMatch(/signatureversion=3&expires=\d{4}-\d\d-\d\dT/);
  });
});

describe('CloudStackClient retries', () => {
  let server: Server;
  let apiUrl: string;
  let hits: string[];
  let answer: { status: number; body: string; delayMs?: number };

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(new URL(req.url ?? '/', 'http://x').searchParams.get('command') ?? '?');
      setTimeout(
        () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body),
        answer.delayMs ?? 0,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/api`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    hits = [];
  });

  const cs = (timeoutMs = 1_000) =>
    new CloudStackClient({ apiUrl, apiKey: 'k', secretKey: 's', retryBaseDelayMs: 5, timeoutMs, logger: silent });
  const internalError = (cmd: string) =>
    JSON.stringify({ [`${cmd}response`]: { uuidList: [], errorcode: 530, cserrorcode: 4250, errortext: 'boom' } });

  it('retries list commands on 530 up to 4 attempts', async () => {
    answer = { status: 530, body: internalError('listzones') };
    await expect(cs().request('listZones')).rejects.toMatchObject({
      errorcode: 530,
      cserrorcode: 4250,
      errortext: 'boom',
    });
    expect(hits).toEqual(['listZones', 'listZones', 'listZones', 'listZones']);
  });

  it('never retries a mutating command', async () => {
    answer = { status: 530, body: internalError('deployvirtualmachine') };
    await expect(cs().request('deployVirtualMachine', catalogue)).rejects.toMatchObject({ errorcode: 530 });
    expect(hits).toHaveLength(1);
  });

  it('does not retry parameter errors', async () => {
    answer = {
      status: 431,
      body: JSON.stringify({
        listzonesresponse: { uuidList: [], errorcode: 431, cserrorcode: 4350, errortext: 'bad' },
      }),
    };
    await expect(cs().request('listZones')).rejects.toMatchObject({ errorcode: 431 });
    expect(hits).toHaveLength(1);
  });

  it('turns non-JSON failures into CloudStackApiError with the HTTP status', async () => {
    answer = { status: 503, body: '<html>Service Unavailable</html>' };
    await expect(cs().request('listZones')).rejects.toMatchObject({ errorcode: 503, httpStatus: 503 });
    expect(hits).toHaveLength(4);
  });

  it('times out slow calls as retryable transport errors', async () => {
    answer = { status: 200, body: '{"listzonesresponse":{}}', delayMs: 300 };
    const err = await cs(50)
      .request('listZones')
      .catch((e) => e);
    expect(err).toBeInstanceOf(CloudStackTransportError);
    expect(err.timedOut).toBe(true);
    expect(hits).toHaveLength(4);
  });

  it('recovers when a retry succeeds', async () => {
    let calls = 0;
    answer = { status: 530, body: internalError('listzones') };
    const pooled = pooledHttpTransport(32);
    const client = new CloudStackClient({
      apiUrl,
      apiKey: 'k',
      secretKey: 's',
      retryBaseDelayMs: 5,
      logger: silent,
      transport: (request) => {
        if (++calls === 2) answer = { status: 200, body: '{"listzonesresponse":{"count":1,"zone":[{"id":"z"}]}}' };
        return pooled(request);
      },
    });
    expect(await client.request('listZones')).toEqual({ count: 1, zone: [{ id: 'z' }] });
    expect(hits).toHaveLength(2);
  });
});
