import { Injectable } from '@nestjs/common';
import { parseCloudStackDate, verifyCloudStackSignature } from '@cfn/cloudstack';
import { AccountRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';

const findParam = (params: Record<string, string>, name: string): string | undefined => {
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : params[key];
};

/** ApiServer.verifyRequest: apiKey + signature over every other parameter, and the expiry of version-3 signatures. */
@Injectable()
export class RequestVerifier {
  constructor(private readonly state: SimulatorState) {}

  /** The account whose keys signed the request, or undefined when it is not authentic. */
  authenticate(params: Record<string, string>, now = new Date()): AccountRecord | undefined {
    const apiKey = findParam(params, 'apiKey');
    const signature = findParam(params, 'signature');
    if (!apiKey || !signature) return undefined;
    const account = this.state.findAccountByApiKey(apiKey);
    if (!account) return undefined;
    if (findParam(params, 'signatureVersion') === '3') {
      const expires = findParam(params, 'expires');
      const expiresAt = expires === undefined ? undefined : parseCloudStackDate(expires);
      if (!expiresAt || expiresAt.getTime() < now.getTime()) return undefined;
    }
    return verifyCloudStackSignature(params, account.secretKey, signature) ? account : undefined;
  }
}
