import { isRetryable } from '@cfn/cloudstack';
import { ExpiringCache, readIntegerEnv } from '@cfn/runtime';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

import { AwsError } from '../protocol';
import { CallerIdentity } from '../protocol';
import { CloudStackUsers } from './cloudstack-users';
import { CredentialStore } from './credential-store';
import { TenantAccounts } from './tenant-accounts';

/** Who owns an access key, and the secret its signatures are checked with. */
export interface Principal extends Omit<CallerIdentity, 'region' | 'accessKeyId'> {
  secretAccessKey: string;
  /** Set when a verified caller is refused anyway: a CloudStack user that is disabled or locked. */
  refusal?: string;
}

/** How long CloudStack may take to tell who a key is before the caller gets ServiceUnavailable. */
export const IDENTITY_SETTINGS = Symbol('IDENTITY_SETTINGS');

export interface IdentitySettings {
  /** How long what was learnt about a key is used (CFN_IDENTITY_CACHE_SECONDS, default 60). */
  ttlMs: number;
  /** How long a key nobody has is remembered as unknown (at most ttlMs; default 5 s). */
  unknownTtlMs: number;
  /** Keys remembered at most (CFN_IDENTITY_CACHE_SIZE, default 10,000). */
  maxEntries: number;
}

export function identitySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): IdentitySettings {
  const ttlMs = readIntegerEnv('CFN_IDENTITY_CACHE_SECONDS', 60, env) * 1000;
  return {
    ttlMs,
    unknownTtlMs: Math.min(ttlMs, 5_000),
    maxEntries: readIntegerEnv('CFN_IDENTITY_CACHE_SIZE', 10_000, env),
  };
}

export const serviceUnavailable = (): AwsError =>
  new AwsError(
    'ServiceUnavailable',
    'The service is unavailable: the identity source (CloudStack) could not be reached. Please try again.',
    503,
    'Receiver',
  );

/**
 * Finds who owns an access key: one of the service's own credentials (operators, tests), else a CloudStack user,
 * whose API key is its access key id and whose secret key is its secret. What is learnt is kept in memory for a
 * short while (bounded), so a user disabled, deleted or given new keys in CloudStack loses access within that time.
 */
@Injectable()
export class PrincipalDirectory {
  private readonly logger = new Logger(PrincipalDirectory.name);
  private readonly cache: ExpiringCache<string, Promise<Principal | null>>;

  constructor(
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
    @Inject(TenantAccounts) private readonly accounts: TenantAccounts,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
    /** Absent when the api has no CloudStack administrator keys: then only the service's own credentials sign. */
    @Optional() @Inject(CloudStackUsers) private readonly cloudUsers?: CloudStackUsers,
  ) {
    this.cache = new ExpiringCache({ ttlMs: settings.ttlMs, maxEntries: settings.maxEntries });
  }

  /** The key's principal, null for a key nobody has; ServiceUnavailable when CloudStack cannot be asked. */
  find(accessKeyId: string): Promise<Principal | null> {
    const cached = this.cache.get(accessKeyId);
    if (cached) return cached;
    const found = this.lookUp(accessKeyId);
    this.cache.set(accessKeyId, found);
    found.then(
      (principal) => {
        if (!principal) this.cache.set(accessKeyId, found, this.settings.unknownTtlMs);
      },
      () => this.cache.delete(accessKeyId),
    );
    return found;
  }

  private async lookUp(accessKeyId: string): Promise<Principal | null> {
    const credential = await this.credentials.find(accessKeyId);
    if (credential) {
      return {
        secretAccessKey: credential.secretAccessKey,
        accountId: credential.accountId,
        isAdmin: credential.isAdmin,
        requester: { userName: credential.accessKeyId, accountName: 'default' },
      };
    }
    if (!this.cloudUsers) return null;
    try {
      const user = await this.cloudUsers.findByApiKey(accessKeyId);
      if (!user) return null;
      const state = user.state.toLowerCase();
      return {
        secretAccessKey: user.secretKey,
        accountId: await this.accounts.numberFor(user),
        // A CloudStack root administrator may also address other accounts' stacks by ARN (docs/tenancy.md).
        isAdmin: user.roletype === 'Admin' || user.accounttype === 1,
        owner: { userId: user.id, accountName: user.account, domainId: user.domainid },
        requester: { userName: user.username, accountName: user.account, domainPath: user.domainPath, userId: user.id },
        ...(state === 'enabled'
          ? {}
          : { refusal: `User ${user.username} of account ${user.account} is ${state} in CloudStack` }),
      };
    } catch (error) {
      if (error instanceof AwsError) throw error;
      // Never a request let through, never a stack trace: the caller may try again.
      this.logger.warn(`could not learn who access key ${accessKeyId} is: ${(error as Error).message}`);
      if (isRetryable(error) || (error as Error).name.startsWith('CloudStack')) throw serviceUnavailable();
      throw error;
    }
  }
}
