import { CloudFormationClient } from '@aws-sdk/client-cloudformation';

import { CloudStackClient } from '../../libs/cloudstack/src';
import type { SystemUnderTest } from './system-under-test';

/** A CloudStack user made for a suite, with the keys it signs our API with. */
export interface CloudStackTenant {
  userId: string;
  userName: string;
  accountId: string;
  accountName: string;
  domainId: string;
  apiKey: string;
  secretKey: string;
}

/**
 * Makes CloudStack users the way an operator does, through the CloudStack API as its administrator: a domain when
 * asked for (createDomain), an account with its first user (createAccount), and API keys (registerUserKeys).
 */
export class CloudStackTenants {
  constructor(private readonly admin: CloudStackClient) {}

  async domain(name: string): Promise<string> {
    const { domain } = await this.admin.request<{ domain: { id: string } }>('createDomain', { name });
    return domain.id;
  }

  async account(name: string, options: { domainId?: string; accountType?: number } = {}): Promise<CloudStackTenant> {
    const { account } = await this.admin.request<{
      account: { id: string; name: string; domainid: string; user: Array<{ id: string; username: string }> };
    }>('createAccount', {
      username: name,
      account: name,
      password: `pw-${name}`,
      email: `${name}@example.org`,
      firstname: name,
      lastname: 'Tenant',
      accounttype: options.accountType ?? 0,
      ...(options.domainId ? { domainid: options.domainId } : {}),
    });
    const [user] = account.user;
    const keys = await this.regenerateKeys(user.id);
    return {
      userId: user.id,
      userName: user.username,
      accountId: account.id,
      accountName: account.name,
      domainId: account.domainid,
      ...keys,
    };
  }

  /** registerUserKeys: a new pair; the old one stops working at once in CloudStack. */
  async regenerateKeys(userId: string): Promise<{ apiKey: string; secretKey: string }> {
    const { userkeys } = await this.admin.request<{ userkeys: { apikey: string; secretkey: string } }>(
      'registerUserKeys',
      { id: userId },
    );
    return { apiKey: userkeys.apikey, secretKey: userkeys.secretkey };
  }
}

/** Our CloudFormation API, signed with a tenant's CloudStack keys. */
export function cloudFormationAs(
  system: SystemUnderTest,
  tenant: { apiKey: string; secretKey: string },
  region = 'zone-1',
): CloudFormationClient {
  return new CloudFormationClient({
    endpoint: system.apiUrl,
    region,
    maxAttempts: 1,
    credentials: { accessKeyId: tenant.apiKey, secretAccessKey: tenant.secretKey },
  });
}
