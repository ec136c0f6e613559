import { ExpiringCache } from '@cfn/runtime';

import { CloudStackClient } from './cloudstack-client';
import { CloudStackApiError, CloudStackErrorCode } from './errors';

/** The CloudStack user a stack acts as (see CloudStackOwner in libs/contracts). */
export interface OwnerReference {
  userId: string;
  accountName?: string;
}

export interface UserKeys {
  apiKey: string;
  secretKey: string;
}

/** The owner no longer exists in CloudStack (its user was deleted), so nothing can be done with its keys. */
export class OwnerNotFoundError extends Error {
  override readonly name = 'OwnerNotFoundError';

  constructor(
    readonly userId: string,
    detail: string,
  ) {
    super(`The stack's owner (CloudStack user ${userId}) no longer exists in CloudStack: ${detail}`);
  }
}

export interface OwnerClientsOptions {
  /** How long fetched keys are used before they are fetched again (default 60 s). */
  keysTtlMs?: number;
  /** Owners whose keys are kept at most (default 10,000). */
  maxOwners?: number;
  now?: () => number;
}

/**
 * CloudStack clients that act as a stack's owner. The owner's keys are fetched with the service's administrator
 * client (`getUserKeys id=<user>`), kept in memory only for a short while, and never written anywhere; a client is
 * kept per owner for as long as its keys stay the same, so its async-job listing and connections carry over.
 * Without an owner (stacks of the service's own credentials) the administrator client itself acts.
 */
export class OwnerClients {
  private readonly keys: ExpiringCache<string, Promise<UserKeys>>;
  /** A client per owner, replaced when its keys change; bounded like the keys, never expiring on its own. */
  private readonly clients: ExpiringCache<string, { keys: UserKeys; client: CloudStackClient }>;

  constructor(
    readonly admin: CloudStackClient,
    private readonly clientWithKeys: (keys: UserKeys) => CloudStackClient,
    options: OwnerClientsOptions = {},
  ) {
    const maxEntries = options.maxOwners ?? 10_000;
    this.keys = new ExpiringCache({ ttlMs: options.keysTtlMs ?? 60_000, maxEntries, now: options.now });
    this.clients = new ExpiringCache({ ttlMs: Number.POSITIVE_INFINITY, maxEntries, now: options.now });
  }

  /** The client that acts as `owner`; throws OwnerNotFoundError when the owner's user is gone. */
  async forOwner(owner: OwnerReference | undefined): Promise<CloudStackClient> {
    if (!owner) return this.admin;
    const keys = await this.keysOf(owner.userId);
    const known = this.clients.get(owner.userId);
    if (known && known.keys.apiKey === keys.apiKey && known.keys.secretKey === keys.secretKey) return known.client;
    const client = this.clientWithKeys(keys);
    this.clients.set(owner.userId, { keys, client });
    return client;
  }

  /**
   * For deleting what a stack made: the owner's client, or the administrator's when the owner's user no longer
   * exists (an administrator may remove any account's objects, as CloudStack's own account clean-up does).
   */
  async forCleanUp(owner: OwnerReference | undefined): Promise<CloudStackClient> {
    try {
      return await this.forOwner(owner);
    } catch (error) {
      if (error instanceof OwnerNotFoundError) return this.admin;
      throw error;
    }
  }

  /** Forgets an owner's keys, for instance after CloudStack refused them (they were regenerated). */
  forget(userId: string): void {
    this.keys.delete(userId);
  }

  private keysOf(userId: string): Promise<UserKeys> {
    const cached = this.keys.get(userId);
    if (cached) return cached;
    const fetched = this.fetchKeys(userId);
    this.keys.set(userId, fetched);
    // A failed fetch is not kept: the next call asks again.
    fetched.catch(() => this.keys.delete(userId));
    return fetched;
  }

  private async fetchKeys(userId: string): Promise<UserKeys> {
    let answer: { userkeys?: { apikey?: string; secretkey?: string } };
    try {
      answer = await this.admin.request('getUserKeys', { id: userId });
    } catch (error) {
      if (error instanceof CloudStackApiError && error.errorcode === CloudStackErrorCode.PARAM_ERROR) {
        throw new OwnerNotFoundError(userId, error.errortext);
      }
      throw error;
    }
    const apiKey = answer.userkeys?.apikey;
    const secretKey = answer.userkeys?.secretkey;
    if (!apiKey || !secretKey) throw new OwnerNotFoundError(userId, 'the user has no API keys');
    return { apiKey, secretKey };
  }
}
