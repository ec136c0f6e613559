import { CloudStackClient } from '@cfn/cloudstack';
import { CloudParameterChecker } from '@cfn/resources';

/** The validator's CloudStack client (read-only catalogue lookups), from CLOUDSTACK_API_URL / _API_KEY / _SECRET_KEY. */
export const cloudStackClientProvider = {
  provide: CloudStackClient,
  useFactory: () => {
    const apiKey = process.env.CLOUDSTACK_API_KEY;
    const secretKey = process.env.CLOUDSTACK_SECRET_KEY;
    if (!apiKey || !secretKey) throw new Error('CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY must be set');
    return new CloudStackClient({
      apiUrl: process.env.CLOUDSTACK_API_URL ?? 'http://127.0.0.1:8080/client/api',
      apiKey,
      secretKey,
      signatureVersion3: process.env.CLOUDSTACK_SIGNATURE_VERSION === '3',
    });
  },
};

export const cloudParameterCheckerProvider = {
  provide: CloudParameterChecker,
  inject: [CloudStackClient],
  useFactory: (cloud: CloudStackClient) => new CloudParameterChecker(cloud),
};
