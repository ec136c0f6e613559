import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { stableUuid } from '../catalogue/stable-uuid';
import {
  AccountSeed,
  generateCloudStackKey,
  SIMULATOR_OPTIONS,
  SimulatorOptions,
  UserSeed,
} from '../simulator-options';
import { AccountRecord, DomainRecord, IdentityState, RoleType, SecurityGroupRecord, UserRecord } from './records';
import { roleOfType } from './roles';
import { SimulatorState } from './simulator-state';

/** CloudStack's own ids: 1 is the system account (and user), 2 the first administrator, then in creation order. */
const FIRST_ADMIN_INTERNAL_ID = 2;
const ROOT_DOMAIN_INTERNAL_ID = 1;
export const ROOT_DOMAIN_NAME = 'ROOT';

/** Names of accounts and users the operator gives (seeds, /simulator/accounts). */
export const IDENTITY_NAME = /^[A-Za-z0-9_.@-]{1,64}$/;
/** A domain name: no `/`, which separates the levels of a path. */
export const DOMAIN_NAME = /^[^/]{1,255}$/;

/** A name, key or domain already taken (the operator endpoints answer 409). */
export class DuplicateAccountError extends Error {}
/** A seed that cannot be made (the operator endpoints answer 400). */
export class InvalidIdentityError extends Error {}

export interface NewUser {
  username: string;
  firstname?: string;
  lastname?: string;
  email?: string;
  /** Keys to give the user; with `withKeys`, missing halves are generated. */
  apiKey?: string;
  secretKey?: string;
  /** Whether the user gets keys at once (seeds, operator) or only at registerUserKeys (createAccount, createUser). */
  withKeys: boolean;
  id?: string;
}

export interface NewAccount {
  name: string;
  domain: DomainRecord;
  roletype: RoleType;
  user: NewUser;
  id?: string;
  isdefault?: boolean;
}

/** `ROOT/a/b` from `a/b`, `/a/b/`, `ROOT/a/b` or `a` (a name is a child of ROOT). */
export function normalizeDomainPath(pathOrName: string): string {
  const parts = pathOrName
    .split('/')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts[0] === ROOT_DOMAIN_NAME) parts.shift();
  for (const part of parts) {
    if (!DOMAIN_NAME.test(part)) throw new InvalidIdentityError(`invalid domain name '${part}' in ${pathOrName}`);
  }
  return [ROOT_DOMAIN_NAME, ...parts].join('/');
}

/** The role a seed asks for: `role`, or `admin: true` for a root administrator. */
export function seedRoleType(seed: Pick<AccountSeed, 'admin' | 'role'>): RoleType {
  const role = seed.role ?? undefined;
  if (role !== undefined && !['User', 'DomainAdmin', 'Admin'].includes(role)) {
    throw new InvalidIdentityError(`role must be User, DomainAdmin or Admin`);
  }
  if (seed.admin && role !== undefined && role !== 'Admin') {
    throw new InvalidIdentityError(`admin: true contradicts role ${role}`);
  }
  return role ?? (seed.admin ? 'Admin' : 'User');
}

/**
 * Domains, accounts and their users, as CloudStack's identity: the ROOT domain and its administrator (the options'
 * keys), then accounts seeded at start or created later, through the operator endpoints or the API. API keys
 * belong to users; an account may have several users.
 */
@Injectable()
export class AccountRegistry {
  private readonly usersByApiKey = new Map<string, UserRecord>();

  constructor(
    private readonly state: SimulatorState,
    private readonly catalogue: SimulatorCatalogue,
    @Inject(SIMULATOR_OPTIONS) options: SimulatorOptions,
  ) {
    const root: DomainRecord = {
      id: catalogue.admin.domainid,
      internalId: ROOT_DOMAIN_INTERNAL_ID,
      name: ROOT_DOMAIN_NAME,
      path: ROOT_DOMAIN_NAME,
      level: 0,
      created: new Date(),
    };
    this.state.domains.set(root.id, root);
    this.create({ name: catalogue.admin.account, admin: true, apiKey: options.apiKey, secretKey: options.secretKey });
    for (const seed of options.accounts ?? []) this.create(seed);
  }

  // ---- domains

  rootDomain(): DomainRecord {
    return this.state.domains.get(this.catalogue.admin.domainid)!;
  }

  findDomain(id: string | undefined): DomainRecord | undefined {
    return id === undefined ? undefined : this.state.domains.get(id);
  }

  /** Every domain, in creation order (ROOT first). */
  domains(): DomainRecord[] {
    return [...this.state.domains.values()];
  }

  findDomainByPath(pathOrName: string): DomainRecord | undefined {
    const path = normalizeDomainPath(pathOrName);
    return this.domains().find((domain) => domain.path === path);
  }

  childrenOf(domain: DomainRecord): DomainRecord[] {
    return this.domains().filter((child) => child.parentdomainid === domain.id);
  }

  /** The domain of this path, creating the missing levels under ROOT. */
  ensureDomain(pathOrName: string): DomainRecord {
    const [, ...names] = normalizeDomainPath(pathOrName).split('/');
    let domain = this.rootDomain();
    for (const name of names) {
      domain = this.childrenOf(domain).find((child) => child.name === name) ?? this.createDomain(name, domain);
    }
    return domain;
  }

  /** A child domain (CloudStack compares names without case within a parent). */
  createDomain(name: string, parent: DomainRecord): DomainRecord {
    if (!DOMAIN_NAME.test(name)) throw new InvalidIdentityError('Domain name contains one or more invalid characters');
    if (this.childrenOf(parent).some((child) => child.name.toLowerCase() === name.toLowerCase())) {
      throw new DuplicateAccountError(`Domain with name ${name} already exists for the parent id=${parent.internalId}`);
    }
    const path = `${parent.path}/${name}`;
    const domain: DomainRecord = {
      id: this.freshId(this.state.domains, stableUuid('domain', path)),
      internalId: ROOT_DOMAIN_INTERNAL_ID + this.state.nextId('domain'),
      name,
      path,
      parentdomainid: parent.id,
      level: parent.level + 1,
      created: new Date(),
    };
    this.state.domains.set(domain.id, domain);
    return domain;
  }

  /** DomainDao.isChildDomain: whether `domainId` is `ancestorId` or below it. */
  isWithin(ancestorId: string, domainId: string): boolean {
    for (let domain = this.findDomain(domainId); domain; domain = this.findDomain(domain.parentdomainid)) {
      if (domain.id === ancestorId) return true;
    }
    return false;
  }

  // ---- accounts

  /**
   * An account from a seed (SIM_ACCOUNTS, options, `/simulator/accounts`): its first user has the account's name and
   * keys (generated when absent), then any further users, each with keys.
   */
  create(seed: AccountSeed): AccountRecord {
    const roletype = seedRoleType(seed);
    const path = normalizeDomainPath(seed.domain ?? ROOT_DOMAIN_NAME);
    if (roletype === 'Admin' && path !== ROOT_DOMAIN_NAME) {
      throw new InvalidIdentityError(`an Admin account must be in the ROOT domain, not ${path}`);
    }
    const existingDomain = this.findDomainByPath(path);
    if (existingDomain && this.findByName(seed.name, existingDomain.id)) {
      throw new DuplicateAccountError(`account ${seed.name} already exists`);
    }
    const users: UserSeed[] = [
      { username: seed.name, apiKey: seed.apiKey, secretKey: seed.secretKey },
      ...(seed.users ?? []),
    ];
    this.checkNewUsers(users, existingDomain);
    const domain = this.ensureDomain(path);
    const isFirst = this.state.accounts.size === 0;
    const { admin } = this.catalogue;
    const key = domain.path === ROOT_DOMAIN_NAME ? seed.name : `${domain.path}/${seed.name}`;
    const [first, ...more] = users;
    const account = this.createAccount({
      name: seed.name,
      domain,
      roletype,
      id: isFirst ? admin.accountid : this.freshId(this.state.accounts, stableUuid('account', key)),
      isdefault: isFirst,
      user: {
        ...first,
        withKeys: true,
        id: isFirst ? admin.userid : this.freshId(this.state.users, stableUuid('user', key)),
      },
    });
    for (const user of more) this.addSeededUser(account, user);
    return account;
  }

  /** Another user for an existing account, with keys (generated when absent), from the operator. */
  addSeededUser(account: AccountRecord, seed: UserSeed): UserRecord {
    this.checkNewUsers([seed], this.findDomain(account.domainid));
    const key = `${account.domainpath}/${account.name}/${seed.username}`;
    return this.addUser(account, {
      ...seed,
      withKeys: true,
      id: this.freshId(this.state.users, stableUuid('user', key)),
    });
  }

  /** Adds an account with its first user and its `default` security group, as CloudStack does; no checks. */
  createAccount(spec: NewAccount): AccountRecord {
    const role = roleOfType(spec.roletype);
    const account: AccountRecord = {
      id: spec.id ?? randomUUID(),
      internalId: FIRST_ADMIN_INTERNAL_ID + this.state.nextId('account') - 1,
      name: spec.name,
      accounttype: role.accounttype,
      roleid: role.id,
      roletype: role.type,
      rolename: role.name,
      isAdmin: role.type === 'Admin',
      domainid: spec.domain.id,
      domain: spec.domain.name,
      domainpath: spec.domain.path,
      domainInternalId: spec.domain.internalId,
      state: 'enabled',
      userid: '',
      username: '',
      created: new Date(),
      isdefault: spec.isdefault ?? false,
    };
    this.state.accounts.set(account.id, account);
    this.addUser(account, spec.user);
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

  /** An account by name in a domain; without a domain, the first of that name (ROOT's before others). */
  findByName(name: string, domainid?: string): AccountRecord | undefined {
    const named = this.all().filter(
      (account) => account.name === name && (domainid === undefined || account.domainid === domainid),
    );
    return named.find((account) => account.domainid === this.rootDomain().id) ?? named[0];
  }

  all(): AccountRecord[] {
    return [...this.state.accounts.values()];
  }

  domainOf(account: AccountRecord): DomainRecord {
    return this.state.domains.get(account.domainid)!;
  }

  setAccountState(account: AccountRecord, state: IdentityState): void {
    account.state = state;
  }

  // ---- users

  /** Adds a user to an account (the account's first user becomes its `userid`/`username`); no checks. */
  addUser(account: AccountRecord, spec: NewUser): UserRecord {
    const isFirst = account.userid === '';
    const user: UserRecord = {
      id: spec.id ?? randomUUID(),
      internalId: FIRST_ADMIN_INTERNAL_ID + this.state.nextId('user') - 1,
      accountid: account.id,
      username: spec.username,
      ...(spec.firstname != null ? { firstname: spec.firstname } : {}),
      ...(spec.lastname != null ? { lastname: spec.lastname } : {}),
      ...(spec.email != null ? { email: spec.email } : {}),
      state: 'enabled',
      created: new Date(),
      isdefault: account.isdefault && isFirst,
    };
    this.state.users.set(user.id, user);
    if (spec.withKeys || spec.apiKey != null || spec.secretKey != null) {
      this.setKeys(user, spec.apiKey ?? generateCloudStackKey(), spec.secretKey ?? generateCloudStackKey());
    }
    if (isFirst) {
      account.userid = user.id;
      account.username = user.username;
    }
    return user;
  }

  /** A user by id, deleted ones included (CloudStack resolves their uuids too). */
  findUser(id: string | undefined): UserRecord | undefined {
    return id === undefined ? undefined : this.state.users.get(id);
  }

  /** Users not deleted, in creation order. */
  users(): UserRecord[] {
    return [...this.state.users.values()].filter((user) => !user.removed);
  }

  usersOf(account: AccountRecord): UserRecord[] {
    return this.users().filter((user) => user.accountid === account.id);
  }

  accountOf(user: UserRecord): AccountRecord {
    return this.state.accounts.get(user.accountid)!;
  }

  /** A live user of this name in a domain (CloudStack keeps usernames unique per domain). */
  findUserByName(username: string, domainid: string): UserRecord | undefined {
    return this.users().find((user) => user.username === username && this.accountOf(user).domainid === domainid);
  }

  /** The user whose API key this is (whatever the states of user and account), if any. */
  findUserByApiKey(apiKey: string): UserRecord | undefined {
    return this.usersByApiKey.get(apiKey);
  }

  /** registerUserKeys: a new pair; the old API key stops resolving at once. */
  registerKeys(user: UserRecord): UserRecord {
    let apiKey = generateCloudStackKey();
    while (this.usersByApiKey.has(apiKey)) apiKey = generateCloudStackKey();
    this.setKeys(user, apiKey, generateCloudStackKey());
    return user;
  }

  setUserState(user: UserRecord, state: IdentityState): void {
    user.state = state;
  }

  /** deleteUser: the user and its keys are gone; the account's `userid` moves to its next user. */
  removeUser(user: UserRecord): void {
    user.removed = new Date();
    if (user.apiKey !== undefined) this.usersByApiKey.delete(user.apiKey);
    delete user.apiKey;
    delete user.secretKey;
    const account = this.accountOf(user);
    const next = this.usersOf(account)[0];
    if (account.userid === user.id && next) {
      account.userid = next.id;
      account.username = next.username;
    }
  }

  private setKeys(user: UserRecord, apiKey: string, secretKey: string): void {
    const holder = this.usersByApiKey.get(apiKey);
    if (holder && holder !== user) throw new DuplicateAccountError('another user already uses this api key');
    if (user.apiKey !== undefined) this.usersByApiKey.delete(user.apiKey);
    user.apiKey = apiKey;
    user.secretKey = secretKey;
    this.usersByApiKey.set(apiKey, user);
  }

  /** New seeded users: valid names, unique in the domain and among themselves, keys nobody else uses. */
  private checkNewUsers(users: UserSeed[], domain: DomainRecord | undefined): void {
    const names = new Set<string>();
    const keys = new Set<string>();
    for (const user of users) {
      if (typeof user.username !== 'string' || !IDENTITY_NAME.test(user.username)) {
        throw new InvalidIdentityError('username must be 1-64 letters, digits or _.@-');
      }
      if (names.has(user.username) || (domain && this.findUserByName(user.username, domain.id))) {
        throw new DuplicateAccountError(`user ${user.username} already exists in domain ${domain?.path ?? 'ROOT'}`);
      }
      names.add(user.username);
      if (user.apiKey != null) {
        if (keys.has(user.apiKey) || this.usersByApiKey.has(user.apiKey)) {
          throw new DuplicateAccountError('another user already uses this api key');
        }
        keys.add(user.apiKey);
      }
    }
  }

  /** A name-based id unless taken (a name reused after a deletion gets a random one). */
  private freshId(taken: Map<string, unknown>, stable: string): string {
    return taken.has(stable) ? randomUUID() : stable;
  }
}
