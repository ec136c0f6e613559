import { OwnerClients, ownerClientsFromEnv } from '@cfn/cloudstack';

/** The validator's CloudStack clients (read-only catalogue lookups, made as the stack's owner). */
export const ownerClientsProvider = {
  provide: OwnerClients,
  useFactory: () => ownerClientsFromEnv(),
};
