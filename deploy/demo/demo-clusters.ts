import { randomBytes } from 'node:crypto';

import { Output } from '@aws-sdk/client-cloudformation';

/** One cluster `npm run demo <name>` can create: its template, its parameters, and how to reach it afterwards. */
export interface DemoCluster {
  template: string;
  summary: string;
  parameters(): Record<string, string>;
  /** Lines telling how to use the cluster, from its outputs; `check` proves it answers (run once at the end). */
  reach(outputs: Record<string, string>): { lines: string[]; check?: () => Promise<string> };
}

const outputsByKey = (outputs: Output[] = []) =>
  Object.fromEntries(outputs.map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));

export const toOutputMap = outputsByKey;

/** The clusters of templates/ that run on the simulator as shipped (mesos needs an image with Mesos). */
export const DEMO_CLUSTERS: Record<string, DemoCluster> = {
  lamp: {
    template: 'templates/lamp/lamp.yaml',
    summary: 'a web VM (Apache + PHP) and a database VM (MariaDB); the page reads its message from the database',
    // A fresh password each run: NoEcho, so the API shows it as ****.
    parameters: () => ({ DatabasePassword: `demo-${randomBytes(9).toString('base64url')}` }),
    reach: (outputs) => ({
      lines: [
        `curl ${outputs.WebsiteURL}`,
        `(the page's message is read from MariaDB on ${outputs.DatabaseAddress}, which only the web VM may reach)`,
      ],
      check: async () => {
        const response = await fetch(outputs.WebsiteURL, { signal: AbortSignal.timeout(10_000) });
        const message = /<h1 id="message">([^<]*)<\/h1>/.exec(await response.text())?.[1];
        return `GET ${outputs.WebsiteURL}: HTTP ${response.status}, message "${message ?? '(none)'}"`;
      },
    }),
  },
  mpi: {
    template: 'templates/mpi/mpi.yaml',
    summary: 'three VMs with OpenMPI, a shared host file and host-based SSH between them',
    parameters: () => ({ NodeCount: '3' }),
    reach: (outputs) => ({
      lines: [
        `ssh root@${outputs.HeadNodeAddress} "${outputs.RunExample.replace(/"/g, '\\"')}"`,
        `(members: ${outputs.NodeAddresses}; host file ${outputs.HostFile})`,
      ],
    }),
  },
  zookeeper: {
    template: 'templates/zookeeper/zookeeper.yaml',
    summary: 'a ZooKeeper ensemble of three members',
    parameters: () => ({ EnsembleSize: '3' }),
    reach: (outputs) => ({
      lines: [
        `echo srvr | nc ${outputs.ConnectionString.split(',')[0].replace(':', ' ')}   # Mode: leader or follower`,
      ],
    }),
  },
};

/** When the simulator's VMs are records only, nothing can be configured over SSH: the plain three-VM stack. */
export const RECORDS_ONLY_DEMO: DemoCluster = {
  template: 'templates/demo/three-vms.yaml',
  summary: 'three VMs (records only: the simulator cannot make real hosts here)',
  parameters: () => ({}),
  reach: () => ({ lines: [] }),
};
