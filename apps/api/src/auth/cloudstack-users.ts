import { CloudStackApiError, CloudStackClient, CloudStackErrorCode } from '@cfn/cloudstack';

/** A CloudStack user as `getUser` reports it, with the secret `getUserKeys` gives. */
export interface CloudStackUser {
  id: string;
  username: string;
  state: string;
  account: string;
  accountid: string;
  accounttype?: number;
  roletype?: string;
  domain: string;
  domainid: string;
  /** The domain's path (ROOT/...), as listDomains reports it; the name when it could not be learnt. */
  domainPath: string;
  secretKey: string;
}

/**
 * Learns who owns an API key from CloudStack itself, asking as the service's administrator: `getUser
 * userapikey=<key>` (which user, account, domain, role, state), then `getUserKeys id=<user>` (the secret the
 * signature is checked with). Answers undefined for a key CloudStack does not know.
 */
export class CloudStackUsers {
  constructor(private readonly admin: CloudStackClient) {}

  async findByApiKey(apiKey: string): Promise<CloudStackUser | undefined> {
    let user: Omit<CloudStackUser, 'secretKey' | 'domainPath'> | undefined;
    try {
      user = (
        await this.admin.request<{ user?: Omit<CloudStackUser, 'secretKey' | 'domainPath'> }>('getUser', {
          userapikey: apiKey,
        })
      ).user;
    } catch (error) {
      if (isUnknown(error)) return undefined;
      throw error;
    }
    if (!user) return undefined;
    const keys = await this.admin
      .request<{ userkeys?: { apikey?: string; secretkey?: string } }>('getUserKeys', { id: user.id })
      .catch((error: unknown) => {
        if (isUnknown(error)) return {} as { userkeys?: undefined };
        throw error;
      });
    // The key was regenerated between the two calls, or the user has none: it is not this key's user any more.
    if (!keys.userkeys?.secretkey || keys.userkeys.apikey !== apiKey) return undefined;
    return {
      ...user,
      domainPath: await this.domainPath(user.domainid, user.domain),
      secretKey: keys.userkeys.secretkey,
    };
  }

  private async domainPath(domainId: string, name: string): Promise<string> {
    const answer = await this.admin
      .request<{ domain?: Array<{ path?: string }> }>('listDomains', { id: domainId, listall: true })
      .catch(() => ({ domain: undefined }));
    return answer.domain?.[0]?.path ?? name;
  }
}

/** CloudStack's answer for an API key or user it does not have (431, "User with specified API key does not exist"). */
function isUnknown(error: unknown): boolean {
  return error instanceof CloudStackApiError && error.errorcode === CloudStackErrorCode.PARAM_ERROR;
}
