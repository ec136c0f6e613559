import { CloudStackClient, CloudStackClientOptions } from '@cfn/cloudstack';

import { stableUuid } from '../catalogue/stable-uuid';
import { StartSimulatorOptions } from '../simulator-options';
import { RunningSimulator, startSimulator } from '../start-simulator';

const silent = { debug: () => undefined, warn: () => undefined };

/** Catalogue ids every spec deploys with. */
export const CATALOGUE = {
  zoneid: stableUuid('zone', 'Sim-Zone-1'),
  templateid: stableUuid('template', 'debian-12'),
  serviceofferingid: stableUuid('serviceoffering', 'Small Instance'),
  mediumOfferingId: stableUuid('serviceoffering', 'Medium Instance'),
  largeOfferingId: stableUuid('serviceoffering', 'Large Instance'),
  networkid: stableUuid('network', 'Sim-Guest-Network'),
  smallDiskOfferingId: stableUuid('diskoffering', 'Small'),
  customDiskOfferingId: stableUuid('diskoffering', 'Custom'),
};

export const DEPLOY = {
  zoneid: CATALOGUE.zoneid,
  templateid: CATALOGUE.templateid,
  serviceofferingid: CATALOGUE.serviceofferingid,
};

/** An in-process simulator (API-only) with clients signed by its accounts' keys, for specs. */
export class SimulatorHarness {
  private constructor(readonly sim: RunningSimulator) {}

  static async start(options: StartSimulatorOptions = {}): Promise<SimulatorHarness> {
    return new SimulatorHarness(await startSimulator({ port: 0, ...options }));
  }

  /** The administrator's client. */
  admin(extra: Partial<CloudStackClientOptions> = {}): CloudStackClient {
    return this.client(this.sim.apiKey, this.sim.secretKey, extra);
  }

  client(apiKey: string, secretKey: string, extra: Partial<CloudStackClientOptions> = {}): CloudStackClient {
    return new CloudStackClient({
      apiUrl: this.sim.apiUrl,
      apiKey,
      secretKey,
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
      retryBaseDelayMs: 5,
      logger: silent,
      ...extra,
    });
  }

  /** Creates an account through the operator endpoint and returns a client with its keys. */
  async account(name: string, admin = false): Promise<CloudStackClient> {
    const res = await fetch(`${this.sim.url}/simulator/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, admin }),
    });
    if (res.status !== 201) throw new Error(`account ${name}: ${res.status} ${await res.text()}`);
    const { apiKey, secretKey } = (await res.json()) as { apiKey: string; secretKey: string };
    return this.client(apiKey, secretKey);
  }

  async setFaults(faults: unknown): Promise<Response> {
    return fetch(`${this.sim.url}/simulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
  }

  close(): Promise<void> {
    return this.sim.close();
  }
}

/** Deploys and waits; returns the VM object of the job result. */
export async function deployVm(cs: CloudStackClient, params: Record<string, string | number | boolean | undefined>) {
  const { result } = await cs.executeAsync<{ virtualmachine: Record<string, any> }>('deployVirtualMachine', {
    ...DEPLOY,
    ...params,
  });
  return result.virtualmachine;
}
