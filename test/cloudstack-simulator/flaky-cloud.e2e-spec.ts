import { CloudStackClient } from '@cfn/cloudstack';

import { RunningSimulator, stableUuid, startSimulator } from '../../apps/cloudstack-simulator/src';

const BATCH = 20;
const deployParams = {
  zoneid: stableUuid('zone', 'Sim-Zone-1'),
  templateid: stableUuid('template', 'debian-12'),
  serviceofferingid: stableUuid('serviceoffering', 'Small Instance'),
};

interface Vm {
  id: string;
  name: string;
  displayname: string;
  state: string;
}

/**
 * A flaky cloud: 30% of every call fail with 530, half of them after CloudStack acted (the answer is lost). The
 * client's idempotent create still ends with exactly one VM per request. The VMs get no name (CloudStack makes one
 * up, so nothing stops a repeated deploy); each request is known by its display name.
 */
describe('a batch of deploys against a cloud that fails 30% of calls', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, deployLatencyMs: 20 });
  });
  afterAll(() => sim.close());

  const setFaults = (faults: unknown) =>
    fetch(`${sim.url}/simulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });

  it('completes every deploy with exactly one VM per request', async () => {
    // A deploy that fails does so after it ran: the hardest case, where a blind retry makes a second VM.
    const put = await setFaults({
      transientErrors: {
        '*': { rate: 0.3, afterExecution: 0.5 },
        deployVirtualMachine: { rate: 0.3, afterExecution: 1 },
      },
      latency: { '*': { min: 0, max: 10 } },
    });
    expect(put.status).toBe(200);
    const cs = new CloudStackClient({
      apiUrl: sim.apiUrl,
      apiKey: sim.apiKey,
      secretKey: sim.secretKey,
      // At 30% failures, 10 attempts fail together once in 170 000 calls.
      maxAttempts: 10,
      retryBaseDelayMs: 5,
      maxRetryDelayMs: 100,
      pollIntervalMs: 10,
      maxPollIntervalMs: 50,
      logger: { debug: () => undefined, warn: () => undefined },
    });

    const deployOne = async (key: string): Promise<Vm> => {
      const findExisting = () =>
        cs.findOne<Vm>('listVirtualMachines', { keyword: key }, 'virtualmachine', (vm) => vm.displayname === key);
      const outcome = await cs.createIdempotently<Vm, { id: string; jobid: string }>(
        'deployVirtualMachine',
        { ...deployParams, displayname: key },
        { findExisting },
      );
      if (outcome.created) return (await cs.waitForJob<{ virtualmachine: Vm }>(outcome.response.jobid)).virtualmachine;
      // An earlier attempt's VM: wait until it has left Starting.
      let vm = outcome.existing;
      while (vm.state === 'Starting') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        vm = (await cs.findOne<Vm>('listVirtualMachines', { id: vm.id }, 'virtualmachine', () => true))!;
      }
      return vm;
    };

    const keys = Array.from({ length: BATCH }, (_, i) => `request-${String(i + 1).padStart(2, '0')}`);
    const results = await Promise.all(keys.map(deployOne));
    expect(results.map((vm) => [vm.displayname, vm.state])).toEqual(keys.map((key) => [key, 'Running']));

    const { counters } = (await (await fetch(`${sim.url}/simulator/faults`)).json()) as {
      counters: {
        deploys: number;
        transientBefore: number;
        transientAfter: number;
        transientByCommand: Record<string, { after: number }>;
      };
    };
    await setFaults({});
    const all = await cs.listAll<Vm>('listVirtualMachines', { listall: true }, 'virtualmachine');
    expect(all).toHaveLength(BATCH);
    expect(all.map((vm) => vm.displayname).sort()).toEqual(keys);
    expect(all.every((vm) => vm.state === 'Running')).toBe(true);
    expect(new Set(results.map((vm) => vm.id))).toEqual(new Set(all.map((vm) => vm.id)));
    // The faults did strike, including lost answers of deploys that had happened.
    expect(counters.transientBefore).toBeGreaterThan(0);
    expect(counters.transientAfter).toBeGreaterThan(0);
    expect(counters.transientByCommand.deployVirtualMachine.after).toBeGreaterThan(0);
    expect(counters.deploys).toBe(BATCH);
  });
});
