import { Injectable } from '@nestjs/common';
import { AccountRegistry } from '../state/account-registry';
import { AccountRecord } from '../state/records';
import { ApiError } from './api-error';
import { CommandParameters } from './command-parameters';

type Owned = { accountid?: string };

/**
 * Who may see and change what, as CloudStack's AccountManager decides for one domain: an account its own objects,
 * a root administrator everything; lists show the caller's own objects unless an administrator asks for listall.
 */
@Injectable()
export class AccessControl {
  constructor(private readonly accounts: AccountRegistry) {}

  ownerOf(record: Owned): AccountRecord {
    return this.accounts.ownerOf(record);
  }

  /** PermissionDeniedException unless the caller owns the record or is an administrator. */
  check(caller: AccountRecord, record: Owned, description: string): void {
    if (caller.isAdmin || this.ownerOf(record).id === caller.id) return;
    throw ApiError.permissionDenied(
      `Account Acct[${caller.id}-${caller.name}] does not have permission to operate with resource ${description}`,
    );
  }

  /** Finds an entity by a uuid parameter and checks that the caller may use it. */
  owned<T extends Owned>(p: CommandParameters, name: string, find: (id: string) => T | undefined, kind: string): T;
  owned<T extends Owned>(p: CommandParameters, name: string, find: (id: string) => T | undefined, kind: string, isRequired: false): T | undefined;
  owned<T extends Owned>(p: CommandParameters, name: string, find: (id: string) => T | undefined, kind: string, isRequired = true): T | undefined {
    const entity = isRequired ? p.entity(name, find, true) : p.entity(name, find);
    if (entity !== undefined) this.check(p.caller, entity, `${kind} ${p.optional(name)}`);
    return entity;
  }

  /**
   * The account whose objects a command acts for: the caller, or for an administrator the account named by the
   * `account` parameter (with `domainid`), as in CloudStack's "create on behalf of".
   */
  actingAccount(p: CommandParameters): AccountRecord {
    const name = p.optional('account');
    if (name === undefined || name === p.caller.name) return p.caller;
    if (!p.caller.isAdmin) {
      throw ApiError.permissionDenied(`Account Acct[${p.caller.id}-${p.caller.name}] does not have permission to operate within account ${name}`);
    }
    const account = this.accounts.findByName(name);
    if (!account) throw ApiError.invalidParameter(`Unable to find account ${name} in domain id=${p.caller.domainid}`);
    return account;
  }

  /** Which records a list command shows (BaseListAccountResourcesCmd with listall, account and domainid). */
  listFilter(p: CommandParameters): (record: Owned) => boolean {
    if (p.optional('account') !== undefined) {
      const account = this.actingAccount(p);
      return (record) => this.ownerOf(record).id === account.id;
    }
    if (p.caller.isAdmin && p.boolean('listall')) return () => true;
    return (record) => this.ownerOf(record).id === p.caller.id;
  }
}
