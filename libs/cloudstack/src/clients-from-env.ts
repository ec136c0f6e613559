import { readIntegerEnv } from '@cfn/runtime';

import { CloudStackClient } from './cloudstack-client';
import { CloudStackClientOptions } from './cloudstack-client-options';
import { pooledHttpTransport } from './http-transport';
import { OwnerClients } from './owner-clients';

type ClientSettings = Omit<CloudStackClientOptions, 'apiUrl' | 'apiKey' | 'secretKey'>;

/** Whether the service's administrator keys for CloudStack are set (CLOUDSTACK_API_KEY / CLOUDSTACK_SECRET_KEY). */
export function hasCloudStackAdminKeys(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.CLOUDSTACK_API_KEY && env.CLOUDSTACK_SECRET_KEY);
}

/**
 * The clients of one process: the service's administrator client, from CLOUDSTACK_API_URL / _API_KEY / _SECRET_KEY,
 * and a client per stack owner made with that owner's keys (fetched through the administrator). They share one pool
 * of keep-alive connections to the endpoint.
 */
export function ownerClientsFromEnv(settings: ClientSettings = {}, env: NodeJS.ProcessEnv = process.env): OwnerClients {
  const apiKey = env.CLOUDSTACK_API_KEY;
  const secretKey = env.CLOUDSTACK_SECRET_KEY;
  if (!apiKey || !secretKey) throw new Error('CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY must be set');
  const maxConnections = settings.maxConnections ?? readIntegerEnv('CLOUDSTACK_MAX_CONNECTIONS', 32, env);
  const common: CloudStackClientOptions = {
    apiUrl: env.CLOUDSTACK_API_URL ?? 'http://127.0.0.1:8080/client/api',
    apiKey,
    secretKey,
    signatureVersion3: env.CLOUDSTACK_SIGNATURE_VERSION === '3',
    ...settings,
    maxConnections,
    transport: settings.transport ?? pooledHttpTransport(Math.max(1, maxConnections)),
  };
  return new OwnerClients(new CloudStackClient(common), (keys) => new CloudStackClient({ ...common, ...keys }), {
    keysTtlMs: readIntegerEnv('CFN_OWNER_KEYS_TTL_SECONDS', 60, env) * 1000,
  });
}
