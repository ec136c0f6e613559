import { OwnerClients, ownerClientsFromEnv } from '@cfn/cloudstack';

/** The provisioner's CloudStack clients: each stack's calls are signed with its owner's keys. */
export const ownerClientsProvider = {
  provide: OwnerClients,
  useFactory: () =>
    ownerClientsFromEnv({
      // Deploy jobs take seconds; a short first poll interval (growing by half each time, up to a second) notices
      // them soon: a job is seen done at most a second after it is.
      pollIntervalMs: Number(process.env.CLOUDSTACK_POLL_INTERVAL_MS ?? 250),
      maxPollIntervalMs: Number(process.env.CLOUDSTACK_MAX_POLL_INTERVAL_MS ?? 1_000),
    }),
};
