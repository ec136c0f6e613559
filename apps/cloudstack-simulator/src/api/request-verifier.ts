import { Inject, Injectable } from '@nestjs/common';
import { parseCloudStackDate, verifyCloudStackSignature } from '@cfn/cloudstack';
import { SIMULATOR_OPTIONS, SimulatorOptions } from '../simulator-options';

const findParam = (params: Record<string, string>, name: string): string | undefined => {
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : params[key];
};

/** ApiServer.verifyRequest: apiKey + signature over every other parameter, and the expiry of version-3 signatures. */
@Injectable()
export class RequestVerifier {
  constructor(@Inject(SIMULATOR_OPTIONS) private readonly options: SimulatorOptions) {}

  isAuthentic(params: Record<string, string>, now = new Date()): boolean {
    const apiKey = findParam(params, 'apiKey');
    const signature = findParam(params, 'signature');
    if (!apiKey || !signature || apiKey !== this.options.apiKey) return false;
    if (findParam(params, 'signatureVersion') === '3') {
      const expires = findParam(params, 'expires');
      const expiresAt = expires === undefined ? undefined : parseCloudStackDate(expires);
      if (!expiresAt || expiresAt.getTime() < now.getTime()) return false;
    }
    return verifyCloudStackSignature(params, this.options.secretKey, signature);
  }
}
