import { CloudStackAsyncJobError, CloudStackClient } from '@cfn/cloudstack';

import { CATALOGUE, DEPLOY, deployVm, SimulatorHarness } from '../testing/simulator-harness';

describe('/simulator/faults', () => {
  let h: SimulatorHarness;
  let cs: CloudStackClient;
  const faultsUrl = () => `${h.sim.url}/simulator/faults`;
  const timed = async <T>(work: () => Promise<T>) => {
    const started = Date.now();
    await work();
    return Date.now() - started;
  };

  beforeAll(async () => {
    h = await SimulatorHarness.start({ faults: { latency: { listServiceOfferings: { min: 1, max: 2 } } } });
    cs = h.admin({ maxAttempts: 1 });
  });
  afterEach(() => h.setFaults({}));
  afterAll(() => h.close());

  it('starts with the faults given at start-up and refuses invalid documents with 400', async () => {
    const shown = (await (await fetch(faultsUrl())).json()) as any;
    expect(shown.faults).toEqual({ latency: { listServiceOfferings: { min: 1, max: 2 } } });
    expect(shown.counters).toMatchObject({ deploys: 0 });
    const bad = await h.setFaults({ transientErrors: { '*': { rate: 2 } }, nonsense: true });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).message).toMatch(
      /rate must be <= 1.*additional properties|additional properties.*rate must be <= 1/,
    );
    const cleared = (await (await fetch(faultsUrl(), { method: 'DELETE' })).json()) as any;
    expect(cleared.faults).toEqual({});
  });

  it('adds latency per command, drawn from a distribution', async () => {
    expect(
      (await h.setFaults({ latency: { listZones: { min: 150, max: 250 }, '*': { mean: 0, stddev: 0 } } })).status,
    ).toBe(200);
    const slow = await Promise.all([1, 2, 3].map(() => timed(() => cs.request('listZones'))));
    expect(Math.min(...slow)).toBeGreaterThanOrEqual(145);
    expect(await timed(() => cs.request('listTemplates', { templatefilter: 'featured' }))).toBeLessThan(100);
  });

  it("fails a share of calls with CloudStack's 530, before or after the command ran", async () => {
    await h.setFaults({
      transientErrors: { listZones: { rate: 1 }, createSecurityGroup: { rate: 1, afterExecution: 1 } },
    });
    const res = await fetch(`${h.sim.apiUrl}?command=listZones`); // the signature is checked first
    expect(res.status).toBe(401);
    await expect(cs.request('listZones')).rejects.toMatchObject({
      errorcode: 530,
      cserrorcode: 4250,
      errortext: 'Internal error executing command, please contact your system administrator',
    });
    await expect(cs.request('createSecurityGroup', { name: 'ghost' })).rejects.toMatchObject({ errorcode: 530 });
    await h.setFaults({});
    expect(
      (await cs.listAll('listSecurityGroups', { securitygroupname: 'ghost' }, 'securitygroup')).map((g) => g.name),
    ).toEqual(['ghost']);
    await h.setFaults({ transientErrors: { '*': { rate: 0.5 } } });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () =>
        cs.request('listZones').then(
          () => 'ok',
          () => 'failed',
        ),
      ),
    );
    const failed = outcomes.filter((o) => o === 'failed').length;
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
    const counters = ((await (await fetch(faultsUrl())).json()) as any).counters;
    expect(counters.transientBefore).toBe(failed);
  });

  it('throttles each account above a rate with 429, which the client waits out', async () => {
    await h.setFaults({ throttle: { max: 3, intervalSeconds: 0.5 } });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        cs.request('listZones').then(
          () => 200,
          (e) => e.errorcode,
        ),
      ),
    );
    expect(answers.filter((a) => a === 429)).toHaveLength(2);
    await expect(cs.request('listZones')).rejects.toMatchObject({
      errorcode: 429,
      cserrorcode: 4545,
      errortext: expect.stringMatching(
        /^The given user has reached his\/her account api limit, please retry after \d+ ms\.$/,
      ),
    });
    const patient = h.admin({ maxAttempts: 3 });
    expect((await patient.request('listZones')).count).toBe(1);
    // Another account has its own window.
    const other = await h.account('throttle-other');
    expect((await other.request('listZones')).count).toBe(1);
  });

  it('fails the Nth deploy with insufficient capacity and leaves another VM in Error', async () => {
    await h.setFaults({ deploy: { insufficientCapacityAt: [2], errorStateAt: [3] } });
    expect((await deployVm(cs, { name: 'nth-1' })).state).toBe('Running');
    const second = cs.executeAsync('deployVirtualMachine', { ...DEPLOY, name: 'nth-2' });
    await expect(second).rejects.toBeInstanceOf(CloudStackAsyncJobError);
    await expect(second).rejects.toMatchObject({
      errorcode: 533,
      errortext: expect.stringContaining('Unable to create a deployment for VM'),
    });
    const third = cs.executeAsync('deployVirtualMachine', { ...DEPLOY, name: 'nth-3' });
    await expect(third).rejects.toMatchObject({ errorcode: 530 });
    const states = await cs.listAll('listVirtualMachines', { name: 'nth-' }, 'virtualmachine');
    expect(Object.fromEntries(states.map((vm) => [vm.name, vm.state]))).toEqual({
      'nth-1': 'Running',
      'nth-2': 'Error',
      'nth-3': 'Error',
    });
    expect((await deployVm(cs, { name: 'nth-4' })).state).toBe('Running');
    const counters = ((await (await fetch(faultsUrl())).json()) as any).counters;
    expect(counters).toMatchObject({ deploys: 4, insufficientCapacity: 1, errorState: 1 });
    // An errored VM can be destroyed and expunged.
    await cs.executeAsync('destroyVirtualMachine', { id: states.find((vm) => vm.name === 'nth-2')!.id, expunge: true });
  });

  it('runs out of zone capacity', async () => {
    await h.setFaults({ capacity: { hosts: 1, cpuPerHost: 64, memoryPerHost: 8192 } });
    const running = await cs.listAll('listVirtualMachines', { state: 'Running' }, 'virtualmachine');
    for (const vm of running) await cs.executeAsync('stopVirtualMachine', { id: vm.id });
    await deployVm(cs, { name: 'cap-1', serviceofferingid: CATALOGUE.largeOfferingId });
    await deployVm(cs, { name: 'cap-2', serviceofferingid: CATALOGUE.largeOfferingId });
    await expect(deployVm(cs, { name: 'cap-3' })).rejects.toMatchObject({ errorcode: 533 });
  });

  it('keeps jobs pending for a drawn duration', async () => {
    await h.setFaults({ jobDuration: { createAffinityGroup: { min: 200, max: 300 } } });
    const started = await cs.request('createAffinityGroup', { name: 'slow', type: 'host affinity' });
    expect((await cs.request('queryAsyncJobResult', { jobid: started.jobid })).jobstatus).toBe(0);
    expect(await timed(() => cs.waitForJob(started.jobid))).toBeGreaterThanOrEqual(150);
  });
});
