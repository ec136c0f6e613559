import { formatCloudStackDate, javaUrlEncode, signCloudStackRequest } from '@cfn/cloudstack';

import { stableUuid } from '../catalogue/stable-uuid';
import { RunningSimulator, startSimulator } from '../start-simulator';

// Raw HTTP against the simulator: these pin the wire format independently of libs/cloudstack's client.
describe('CloudStack simulator /client/api wire format', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'test-key', secretKey: 'test-secret', deployLatencyMs: 150 });
  });
  afterAll(() => sim.close());

  const signed = (params: Record<string, string>, secret = 'test-secret') => {
    const all = { response: 'json', apiKey: 'test-key', ...params };
    const signature = signCloudStackRequest(all, secret);
    return Object.entries({ ...all, signature })
      .map(([k, v]) => `${encodeURIComponent(k)}=${javaUrlEncode(v)}`)
      .join('&');
  };
  const get = async (params: Record<string, string>, secret?: string) => {
    const res = await fetch(`${sim.apiUrl}?${signed(params, secret)}`);
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };
  const post = async (query: string, form: string) => {
    const res = await fetch(`${sim.apiUrl}${query ? `?${query}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const waitForJob = async (jobid: string) => {
    for (let i = 0; i < 100; i++) {
      const { body } = await get({ command: 'queryAsyncJobResult', jobid });
      if (body.queryasyncjobresultresponse.jobstatus !== 0) return body.queryasyncjobresultresponse;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('job did not finish');
  };
  const ids = {
    zone: stableUuid('zone', 'Sim-Zone-1'),
    debian: stableUuid('template', 'debian-12'),
    small: stableUuid('serviceoffering', 'Small Instance'),
  };

  it('answers health checks', async () => {
    const res = await fetch(`${sim.url}/simulator/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', realVms: { enabled: false, reason: expect.any(String) } });
  });

  it("reads parameters from form bodies only, and refuses a body over 2 MB in CloudStack's shape", async () => {
    // A JSON body carries no parameters: without a command in the query, CloudStack has nothing to run.
    const json = await fetch(sim.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'listZones' }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toEqual({
      errorresponse: expect.objectContaining({ errorcode: 400, errortext: 'no command specified' }),
    });

    const huge = await post('', `command=listZones&userdata=${'A'.repeat(2 * 1024 * 1024)}`);
    expect(huge.status).toBe(400);
    expect(huge.body).toEqual({
      errorresponse: expect.objectContaining({ errorcode: 400, errortext: expect.stringContaining('larger than') }),
    });
    // The simulator still answers afterwards.
    expect((await get({ command: 'listZones' })).status).toBe(200);
  });

  it('leaves every other path to the operator endpoints, and other methods on /client/api unanswered', async () => {
    expect((await fetch(`${sim.url}/client/api/extra`)).status).toBe(404);
    expect((await fetch(sim.apiUrl, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a bad signature with 401 and CloudStack body', async () => {
    const res = await get({ command: 'listZones' }, 'wrong-secret');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      listzonesresponse: {
        uuidList: [],
        errorcode: 401,
        errortext: 'unable to verify user credentials and/or request signature',
      },
    });
    expect(res.headers.get('x-description')).toBe('unable to verify user credentials and/or request signature');
  });

  it('refuses unknown api keys, unsigned and tampered requests', async () => {
    const unsigned = await fetch(`${sim.apiUrl}?command=listZones&response=json&apiKey=test-key`);
    expect(unsigned.status).toBe(401);
    const tampered = await fetch(`${sim.apiUrl}?${signed({ command: 'listZones' })}&name=x`);
    expect(tampered.status).toBe(401);
    const other = signCloudStackRequest({ command: 'listZones', response: 'json', apiKey: 'other' }, 'test-secret');
    const res = await fetch(
      `${sim.apiUrl}?command=listZones&response=json&apiKey=other&signature=${encodeURIComponent(other)}`,
    );
    expect(res.status).toBe(401);
  });

  it('answers a request without command with 400 errorresponse', async () => {
    const res = await fetch(`${sim.apiUrl}?response=json`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errorresponse.errorcode).toBe(400);
  });

  it('requires an unexpired expires with signatureVersion=3, whatever the name case', async () => {
    const future = formatCloudStackDate(new Date(Date.now() + 60_000));
    const past = formatCloudStackDate(new Date(Date.now() - 1_000));
    expect((await get({ command: 'listZones', signatureVersion: '3', expires: future })).status).toBe(200);
    expect((await get({ command: 'listZones', signatureversion: '3', expires: future })).status).toBe(200);
    expect((await get({ command: 'listZones', SIGNATUREVERSION: '3', expires: past })).status).toBe(401);
    expect((await get({ command: 'listZones', signatureVersion: '3' })).status).toBe(401);
    expect((await get({ command: 'listZones', signatureVersion: '3', expires: 'soon' })).status).toBe(401);
  });

  it('accepts the parameters in a POST form body, alone or mixed with the query string', async () => {
    const query = signed({ command: 'listZones' });
    expect((await post('', query)).body.listzonesresponse.count).toBe(1);
    const [first, ...rest] = query.split('&');
    expect((await post(first, rest.join('&'))).body.listzonesresponse.count).toBe(1);
  });

  it('reports unknown commands with 432', async () => {
    const res = await get({ command: 'launchRocket' });
    expect(res.status).toBe(432);
    expect(res.body.launchrocketresponse).toEqual({
      uuidList: [],
      errorcode: 432,
      cserrorcode: 9999,
      errortext: 'The given command does not exist or it is not available for user',
    });
  });

  it('lists the catalogue with stable ids', async () => {
    const zones = (await get({ command: 'listZones' })).body.listzonesresponse;
    expect(zones.count).toBe(1);
    expect(zones.zone[0]).toMatchObject({ id: ids.zone, name: 'Sim-Zone-1', securitygroupsenabled: true });
    // Documented ids: a change here breaks docs and templates that name them.
    expect(ids).toEqual({
      zone: '253831da-c247-5211-ad11-51a0a56c3555',
      debian: 'e4a5248e-0540-5e4e-9f01-5ccbaddad25b',
      small: '10299ad1-d1f4-50cf-a98b-dee4fe7f9f7d',
    });
    const templates = (await get({ command: 'listTemplates', templatefilter: 'featured' })).body.listtemplatesresponse;
    expect(templates.template.map((t: { name: string }) => t.name)).toEqual(['debian-12', 'ubuntu-22.04']);
    expect(templates.template[0]).toMatchObject({ id: ids.debian, isready: true, ostypename: expect.any(String) });
    const byName = (await get({ command: 'listTemplates', templatefilter: 'all', name: 'ubuntu-22.04' })).body;
    expect(byName.listtemplatesresponse.count).toBe(1);
    const self = (await get({ command: 'listTemplates', templatefilter: 'self' })).body;
    expect(self).toEqual({ listtemplatesresponse: {} });
    const offerings = (await get({ command: 'listServiceOfferings', name: 'Small Instance' })).body;
    expect(offerings.listserviceofferingsresponse.serviceoffering[0]).toMatchObject({
      id: ids.small,
      cpunumber: 1,
      cpuspeed: 500,
      memory: 512,
    });
  });

  it('uses CloudStack wording for a missing required parameter', async () => {
    const res = await get({ command: 'listTemplates' });
    expect(res.status).toBe(431);
    expect(res.body.listtemplatesresponse).toEqual({
      uuidList: [],
      errorcode: 431,
      cserrorcode: 4350,
      errortext: 'Unable to execute API command listtemplates due to missing parameter templatefilter',
    });
    expect(res.headers.get('x-description')).toBe(res.body.listtemplatesresponse.errortext);
  });

  it('uses CloudStack wording for an unknown id', async () => {
    const res = await get({
      command: 'deployVirtualMachine',
      zoneid: ids.zone,
      templateid: 'nope',
      serviceofferingid: ids.small,
    });
    expect(res.status).toBe(431);
    expect(res.body.deployvirtualmachineresponse.errortext).toBe(
      'Unable to execute API command deployvirtualmachine due to invalid value. Invalid parameter templateid value=nope ' +
        'due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.',
    );
  });

  it('answers an empty list with {}', async () => {
    const res = await get({ command: 'listVirtualMachines', listall: 'true', name: 'nobody' });
    expect(res.body).toEqual({ listvirtualmachinesresponse: {} });
  });

  it('deploys asynchronously: id and jobid at once, Starting then Running, job fields as CloudStack', async () => {
    const deploy = {
      command: 'deployVirtualMachine',
      zoneid: ids.zone,
      templateid: ids.debian,
      serviceofferingid: ids.small,
    };
    const unknownKey = await get({ ...deploy, name: 'wire-1', keypair: 'ops' });
    expect(unknownKey.status).toBe(431);
    expect(unknownKey.body.deployvirtualmachineresponse.errortext).toBe("A key pair with name 'ops' was not found.");
    const publickey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDz5yVbDqMqNcBPIKJMNR7lYmX1Gl1tXOfYqzAm8PJWs ops@example';
    expect((await get({ command: 'registerSSHKeyPair', name: 'ops', publickey })).status).toBe(200);
    const res = await get({ ...deploy, name: 'wire-1', keypair: 'ops' });
    expect(res.status).toBe(200);
    const { id, jobid } = res.body.deployvirtualmachineresponse;
    expect(Object.keys(res.body.deployvirtualmachineresponse).sort()).toEqual(['id', 'jobid']);

    const pending = (await get({ command: 'queryAsyncJobResult', jobid })).body.queryasyncjobresultresponse;
    expect(pending).toMatchObject({
      jobid,
      jobstatus: 0,
      jobresultcode: 0,
      jobresulttype: 'object',
      jobinstanceid: id,
    });
    expect(pending.jobresult).toBeUndefined();
    const starting = (await get({ command: 'listVirtualMachines', id })).body.listvirtualmachinesresponse;
    expect(starting.virtualmachine[0].state).toBe('Starting');

    const done = await waitForJob(jobid);
    expect(done).toMatchObject({
      jobstatus: 1,
      jobresultcode: 0,
      jobresulttype: 'object',
      jobinstancetype: 'VirtualMachine',
      jobinstanceid: id,
      cmd: 'org.apache.cloudstack.api.command.user.vm.DeployVMCmd',
      jobprocstatus: 0,
    });
    expect(done.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    expect(done.completed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const vm = done.jobresult.virtualmachine;
    expect(vm).toMatchObject({
      id,
      name: 'wire-1',
      displayname: 'wire-1',
      state: 'Running',
      keypair: 'ops',
      zonename: 'Sim-Zone-1',
    });
    expect(vm.nic[0]).toMatchObject({
      gateway: '10.77.0.1',
      isdefault: true,
      ipaddress: expect.stringMatching(/^10\.77\.\d+\.\d+$/),
    });

    const duplicate = await get({ ...deploy, name: 'wire-1' });
    expect(duplicate.status).toBe(431);
    expect(duplicate.body.deployvirtualmachineresponse.cserrorcode).toBe(4350);

    const jobs = (await get({ command: 'listAsyncJobs' })).body.listasyncjobsresponse;
    expect(jobs.asyncjobs.some((j: { jobid: string }) => j.jobid === jobid)).toBe(true);
    const listed = jobs.asyncjobs.find((j: { jobid: string }) => j.jobid === jobid);
    expect(listed).toMatchObject({ jobstatus: 1, jobresult: { virtualmachine: { id } } });

    // startdate keeps jobs created at or after it (CloudStack's DATE formats); a bad date is a parameter error.
    const since = (startdate: string) =>
      get({ command: 'listAsyncJobs', startdate }).then((r) =>
        (r.body.listasyncjobsresponse.asyncjobs ?? []).map((j: { jobid: string }) => j.jobid),
      );
    expect(await since(done.created)).toContain(jobid);
    expect(await since('2000-01-01')).toContain(jobid);
    expect(await since('2999-01-01 00:00:00')).toEqual([]);
    expect((await get({ command: 'listAsyncJobs', startdate: 'yesterday' })).status).toBe(431);
  });

  it('pages lists with a total count', async () => {
    const deploy = {
      command: 'deployVirtualMachine',
      zoneid: ids.zone,
      templateid: ids.debian,
      serviceofferingid: ids.small,
    };
    for (const name of ['page-a', 'page-b', 'page-c']) await get({ ...deploy, name });
    const page2 = (await get({ command: 'listVirtualMachines', keyword: 'page-', page: '2', pagesize: '2' })).body;
    expect(page2.listvirtualmachinesresponse.count).toBe(3);
    expect(page2.listvirtualmachinesresponse.virtualmachine.map((v: { name: string }) => v.name)).toEqual(['page-c']);
    const tooBig = await get({ command: 'listVirtualMachines', pagesize: '501' });
    expect(tooBig.status).toBe(431);
    const badPage = await get({ command: 'listVirtualMachines', page: 'x', pagesize: '2' });
    expect(badPage.status).toBe(431);
  });

  it('accepts large userdata over POST and keeps it out of listings', async () => {
    const userdata = Buffer.from('#cloud-config\n' + 'x'.repeat(200_000)).toString('base64');
    const form = signed({
      command: 'deployVirtualMachine',
      zoneid: ids.zone,
      templateid: ids.debian,
      serviceofferingid: ids.small,
      name: 'with-userdata',
      userdata,
    });
    const res = await post('', form);
    expect(res.status).toBe(200);
    const state = (await (await fetch(`${sim.url}/simulator/state`)).json()) as any;
    const vm = state.virtualmachines.find((v: { name: string }) => v.name === 'with-userdata');
    expect(vm.userdatalength).toBe(userdata.length);
    expect(JSON.stringify(state)).not.toContain(userdata.slice(0, 40));
  });
});
