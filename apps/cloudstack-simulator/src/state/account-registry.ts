import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { stableUuid } from '../catalogue/stable-uuid';
import { AccountSeed, generateCloudStackKey, SIMULATOR_OPTIONS, SimulatorOptions } from '../simulator-options';
import { AccountRecord, SecurityGroupRecord } from './records';
import { SimulatorState } from './simulator-state';

/** CloudStack's own ids: 1 is the system account, 2 the first administrator, then accounts in creation order. */
const FIRST_ADMIN_INTERNAL_ID = 2;
const ROOT_DOMAIN_INTERNAL_ID = 1;

export class DuplicateAccountError extends Error {}

/** Accounts and their API keys: the administrator from the options' keys, then any seeded or created later. */
@Injectable()
export class AccountRegistry {
  constructor(
    private readonly state: SimulatorState,
    private readonly catalogue: SimulatorCatalogue,
    @Inject(SIMULATOR_OPTIONS) options: SimulatorOptions,
  ) {
    this.create({ name: catalogue.admin.account, admin: true, apiKey: options.apiKey, secretKey: options.secretKey });
    for (const seed of options.accounts ?? []) this.create(seed);
  }

  /** Adds an account with one user and keys, and its `default` security group, as CloudStack does. */
  create(seed: AccountSeed): AccountRecord {
    if (this.findByName(seed.name)) throw new DuplicateAccountError(`account ${seed.name} already exists`);
    if (seed.apiKey && this.state.findAccountByApiKey(seed.apiKey)) {
      throw new DuplicateAccountError('another account already uses this api key');
    }
    const isFirst = this.state.accounts.size === 0;
    const { admin } = this.catalogue;
    const account: AccountRecord = {
      id: isFirst ? admin.accountid : stableUuid('account', seed.name),
      internalId: FIRST_ADMIN_INTERNAL_ID + this.state.nextId('account') - 1,
      name: seed.name,
      isAdmin: seed.admin ?? false,
      domainid: admin.domainid,
      domain: admin.domain,
      domainInternalId: ROOT_DOMAIN_INTERNAL_ID,
      userid: isFirst ? admin.userid : stableUuid('user', seed.name),
      username: seed.name,
      apiKey: seed.apiKey ?? generateCloudStackKey(),
      secretKey: seed.secretKey ?? generateCloudStackKey(),
      created: new Date(),
    };
    this.state.accounts.set(account.id, account);
    const defaultGroup: SecurityGroupRecord = {
      id: randomUUID(),
      accountid: account.id,
      created: account.created,
      name: 'default',
      description: 'Default Security Group',
      rules: [],
    };
    this.state.securityGroups.set(defaultGroup.id, defaultGroup);
    return account;
  }

  admin(): AccountRecord {
    return this.state.accounts.get(this.catalogue.admin.accountid)!;
  }

  find(id: string | undefined): AccountRecord | undefined {
    return id === undefined ? undefined : this.state.accounts.get(id);
  }

  /** The owner of a record; records without one belong to the administrator. */
  ownerOf(record: { accountid?: string }): AccountRecord {
    return this.find(record.accountid) ?? this.admin();
  }

  findByName(name: string): AccountRecord | undefined {
    return [...this.state.accounts.values()].find((account) => account.name === name);
  }

  all(): AccountRecord[] {
    return [...this.state.accounts.values()];
  }
}
