import { CloudStackClient } from '@cfn/cloudstack';
import { readIntegerEnv } from '@cfn/runtime';

/** The one CloudStack client of a provisioner process, from CLOUDSTACK_API_URL / _API_KEY / _SECRET_KEY. */
export const cloudStackClientProvider = {
  provide: CloudStackClient,
  useFactory: () => {
    const apiUrl = process.env.CLOUDSTACK_API_URL ?? 'http://127.0.0.1:8080/client/api';
    const apiKey = process.env.CLOUDSTACK_API_KEY;
    const secretKey = process.env.CLOUDSTACK_SECRET_KEY;
    if (!apiKey || !secretKey) throw new Error('CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY must be set');
    return new CloudStackClient({
      apiUrl,
      apiKey,
      secretKey,
      signatureVersion3: process.env.CLOUDSTACK_SIGNATURE_VERSION === '3',
      // Deploy jobs take seconds; a short first poll interval (growing by half each time, up to a second) notices
      // them soon: a job is seen done at most a second after it is.
      pollIntervalMs: Number(process.env.CLOUDSTACK_POLL_INTERVAL_MS ?? 250),
      maxPollIntervalMs: Number(process.env.CLOUDSTACK_MAX_POLL_INTERVAL_MS ?? 1_000),
      // Calls beyond this many at once queue in the process rather than open more connections to the cloud.
      maxConnections: readIntegerEnv('CLOUDSTACK_MAX_CONNECTIONS', 32),
    });
  },
};
