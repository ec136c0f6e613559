import { Injectable } from '@nestjs/common';

import { AccountRegistry } from '../state/account-registry';
import { AccountRecord, DomainRecord } from '../state/records';
import { ApiError } from './api-error';
import { CommandParameters } from './command-parameters';

type Owned = { accountid?: string };

/** How CloudStack prints an account in its messages. */
export const describeAccount = (account: AccountRecord) => `Acct[${account.id}-${account.name}]`;

/**
 * Who may see and change what, as CloudStack's AccountManager and DomainChecker decide: an account its own objects,
 * a domain administrator those of the accounts in its domain and below (not root administrators'), a root
 * administrator everything; lists show the caller's own objects unless an administrator asks for listall (or names
 * an id, an account or a domain).
 */
@Injectable()
export class AccessControl {
  constructor(private readonly accounts: AccountRegistry) {}

  ownerOf(record: Owned): AccountRecord {
    return this.accounts.ownerOf(record);
  }

  /** DomainChecker.checkAccess(caller, entity): whether the caller may operate on what `owner` owns. */
  mayOperate(caller: AccountRecord, owner: AccountRecord): boolean {
    if (caller.isAdmin || owner.id === caller.id) return true;
    if (caller.roletype === 'DomainAdmin')
      return !owner.isAdmin && this.accounts.isWithin(caller.domainid, owner.domainid);
    return false;
  }

  /** PermissionDeniedException unless the caller owns the record or administers its owner. */
  check(caller: AccountRecord, record: Owned, description: string): void {
    if (this.mayOperate(caller, this.ownerOf(record))) return;
    throw ApiError.permissionDenied(
      `Account ${describeAccount(caller)} does not have permission to operate with resource ${description}`,
    );
  }

  /** checkAccess(caller, null, true, account): the caller may act on this account (itself, or one it administers). */
  checkAccount(caller: AccountRecord, account: AccountRecord): void {
    this.check(caller, { accountid: account.id }, describeAccount(account));
  }

  /** checkAccess(caller, domain): a user its own domain, a domain administrator its domain and below. */
  checkDomain(caller: AccountRecord, domain: DomainRecord): void {
    if (this.mayUseDomain(caller, domain)) return;
    throw ApiError.permissionDenied(
      `Account ${describeAccount(caller)} does not have permission to operate within domain id=${domain.id}`,
    );
  }

  mayUseDomain(caller: AccountRecord, domain: DomainRecord): boolean {
    if (caller.isAdmin) return true;
    if (caller.roletype === 'DomainAdmin') return this.accounts.isWithin(caller.domainid, domain.id);
    return caller.domainid === domain.id;
  }

  /** Finds an entity by a uuid parameter and checks that the caller may use it. */
  owned<T extends Owned>(p: CommandParameters, name: string, find: (id: string) => T | undefined, kind: string): T;
  owned<T extends Owned>(
    p: CommandParameters,
    name: string,
    find: (id: string) => T | undefined,
    kind: string,
    isRequired: false,
  ): T | undefined;
  owned<T extends Owned>(
    p: CommandParameters,
    name: string,
    find: (id: string) => T | undefined,
    kind: string,
    isRequired = true,
  ): T | undefined {
    const entity = isRequired ? p.entity(name, find, true) : p.entity(name, find);
    if (entity !== undefined) this.check(p.caller, entity, `${kind} ${p.optional(name)}`);
    return entity;
  }

  /**
   * The account whose objects a command acts for: the caller, or for an administrator the account named by the
   * `account` parameter in `domainid` (the caller's domain when absent; a root administrator finds an account of
   * that name in any domain), as in CloudStack's "create on behalf of".
   */
  actingAccount(p: CommandParameters): AccountRecord {
    const name = p.optional('account');
    if (name === undefined) return p.caller;
    const domain = p.entity('domainid', (id) => this.accounts.findDomain(id)) ?? this.accounts.domainOf(p.caller);
    if (name === p.caller.name && domain.id === p.caller.domainid) return p.caller;
    if (p.caller.roletype === 'User') {
      throw ApiError.permissionDenied(
        `Account ${describeAccount(p.caller)} does not have permission to operate within account ${name}`,
      );
    }
    const account =
      this.accounts.findByName(name, domain.id) ??
      (p.caller.isAdmin && p.optional('domainid') === undefined ? this.accounts.findByName(name) : undefined);
    if (!account) throw ApiError.invalidParameter(`Unable to find account ${name} in domain id=${domain.id}`);
    this.checkAccount(p.caller, account);
    return account;
  }

  /**
   * Which accounts' objects a list command shows (buildACLSearchParameters with listall, id, account, domainid and
   * isrecursive): a user its own; an administrator its own unless it asks for listall or an id (then everything it
   * administers), an account, or a domain (and below with isrecursive=true).
   */
  listScope(p: CommandParameters, idGiven = p.optional('id') !== undefined): (account: AccountRecord) => boolean {
    const { caller } = p;
    const domain = p.entity('domainid', (id) => this.accounts.findDomain(id));
    if (domain) this.checkDomain(caller, domain);
    if (p.optional('account') !== undefined) {
      const account = this.actingAccount(p);
      return (owner) => owner.id === account.id;
    }
    if (caller.roletype === 'User') return (owner) => owner.id === caller.id;
    if (domain) {
      const recursive = p.boolean('isrecursive');
      return (owner) => (recursive ? this.accounts.isWithin(domain.id, owner.domainid) : owner.domainid === domain.id);
    }
    if (p.boolean('listall') || idGiven) {
      return caller.isAdmin ? () => true : (owner) => this.accounts.isWithin(caller.domainid, owner.domainid);
    }
    return (owner) => owner.id === caller.id;
  }

  /** Which records a list command shows: those whose owner is in the list's scope. */
  listFilter(p: CommandParameters): (record: Owned) => boolean {
    const scope = this.listScope(p);
    return (record) => scope(this.ownerOf(record));
  }
}
