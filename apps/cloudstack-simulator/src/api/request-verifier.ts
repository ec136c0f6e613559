import { parseCloudStackDate, verifyCloudStackSignature } from '@cfn/cloudstack';
import { Injectable } from '@nestjs/common';

import { AccountRegistry } from '../state/account-registry';
import { AccountRecord, UserRecord } from '../state/records';

const findParam = (params: Record<string, string>, name: string): string | undefined => {
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : params[key];
};

/** Who signed a request: the user whose keys they are, and its account. */
export interface AuthenticatedCaller {
  user: UserRecord;
  account: AccountRecord;
}

/**
 * ApiServer.verifyRequest: apiKey + signature over every other parameter, and the expiry of version-3 signatures.
 * The key is a user's; a user that is not enabled, or whose account is not, is refused like a bad signature.
 */
@Injectable()
export class RequestVerifier {
  constructor(private readonly accounts: AccountRegistry) {}

  /** The user (and account) whose keys signed the request, or undefined when it is not authentic. */
  authenticate(params: Record<string, string>, now = new Date()): AuthenticatedCaller | undefined {
    const apiKey = findParam(params, 'apiKey');
    const signature = findParam(params, 'signature');
    if (!apiKey || !signature) return undefined;
    if (findParam(params, 'signatureVersion') === '3') {
      const expires = findParam(params, 'expires');
      const expiresAt = expires === undefined ? undefined : parseCloudStackDate(expires);
      if (!expiresAt || expiresAt.getTime() < now.getTime()) return undefined;
    }
    const user = this.accounts.findUserByApiKey(apiKey);
    if (!user || user.removed || user.secretKey === undefined) return undefined;
    const account = this.accounts.accountOf(user);
    if (user.state !== 'enabled' || account.state !== 'enabled') return undefined;
    return verifyCloudStackSignature(params, user.secretKey, signature) ? { user, account } : undefined;
  }
}
