import { Injectable } from '@nestjs/common';

import { AccessControl, describeAccount } from '../api/access-control';
import { ApiError, ApiErrorCode, CsErrorCode } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { keywordFilter } from '../api/list-filters';
import { listResponse } from '../api/list-response';
import { AsyncJobService } from '../jobs/async-job.service';
import { AccountRegistry, DuplicateAccountError, InvalidIdentityError } from '../state/account-registry';
import { AccountRecord, AccountType, DomainRecord, UserRecord } from '../state/records';
import { findRole, roleOfAccountType, ROLES } from '../state/roles';
import { IdentityView } from '../views/identity.view';

const USER_CMD = 'org.apache.cloudstack.api.command.admin.user';
const ACCOUNT_CMD = 'org.apache.cloudstack.api.command.admin.account';
const ACCOUNT_TYPES: readonly number[] = [0, 1, 2];

const describeUser = (user: UserRecord) => `User[${user.id}-${user.username}]`;

/**
 * Domains, accounts, users and their API keys (AccountManager, DomainManager, the role service), sync/async as in
 * CloudStack 4.18. Which roles may call which command is decided before (state/roles.ts); here, on what.
 */
@Injectable()
export class IdentityCommands implements CommandFamily {
  readonly handlers = {
    getUser: (p: CommandParameters) => this.getUser(p),
    getUserKeys: (p: CommandParameters) => this.getUserKeys(p),
    registerUserKeys: (p: CommandParameters) => this.registerUserKeys(p),
    listUsers: (p: CommandParameters) => this.listUsers(p),
    createUser: (p: CommandParameters) => this.createUser(p),
    deleteUser: (p: CommandParameters) => this.deleteUser(p),
    disableUser: (p: CommandParameters) => this.disableUser(p),
    enableUser: (p: CommandParameters) => this.enableUser(p),
    lockUser: (p: CommandParameters) => this.lockUser(p),
    createAccount: (p: CommandParameters) => this.createAccount(p),
    listAccounts: (p: CommandParameters) => this.listAccounts(p),
    disableAccount: (p: CommandParameters) => this.disableAccount(p),
    enableAccount: (p: CommandParameters) => this.enableAccount(p),
    createDomain: (p: CommandParameters) => this.createDomain(p),
    listDomains: (p: CommandParameters) => this.listDomains(p),
    listRoles: (p: CommandParameters) => this.listRoles(p),
  };

  readonly asyncCommands = ['disableUser', 'disableAccount'];

  constructor(
    private readonly accounts: AccountRegistry,
    private readonly access: AccessControl,
    private readonly jobs: AsyncJobService,
    private readonly view: IdentityView,
  ) {}

  // ---- users and keys

  /** GetUserCmd (root administrators): the user of an API key, whatever its state; never the secret key. */
  private getUser(p: CommandParameters) {
    const user = this.accounts.findUserByApiKey(p.required('userapikey'));
    if (!user || user.removed) throw ApiError.invalidParameter('User with specified API key does not exist');
    return { user: this.view.user(user, p.caller) };
  }

  /** GetUserKeysCmd: a user its own keys; an administrator those of the users it administers. */
  private getUserKeys(p: CommandParameters) {
    const user = this.userParam(p);
    if (user.removed) throw ApiError.invalidParameter('Unable to find user by id');
    this.checkKeyAccess(p, user);
    return { userkeys: this.keysOf(user) };
  }

  /** RegisterUserKeysCmd (synchronous in 4.18): a new pair; the old API key stops working at once. */
  private registerUserKeys(p: CommandParameters) {
    const user = this.userParam(p);
    if (user.removed) throw ApiError.invalidParameter('unable to find user by id');
    this.checkKeyAccess(p, user);
    return { userkeys: this.keysOf(this.accounts.registerKeys(user)) };
  }

  /**
   * ListUsersCmd: a user sees only itself (another's id is refused); administrators their own account's users,
   * or with listall (or an id, account, domainid) those of the accounts they administer.
   */
  private listUsers(p: CommandParameters) {
    let id = p.entity('id', (value) => this.accounts.findUser(value))?.id;
    if (p.caller.roletype === 'User') {
      const self = this.callerUser(p);
      if (id !== undefined && id !== self.id) {
        throw ApiError.permissionDenied('Calling user is not authorized to see the user requested by id');
      }
      id = self.id;
    }
    const scope = this.access.listScope(p, id !== undefined);
    const username = p.optional('username');
    const state = p.optional('state')?.toLowerCase();
    const accounttype = p.integer('accounttype');
    const keyword = keywordFilter(p);
    const users = this.accounts.users().filter((user) => {
      const account = this.accounts.accountOf(user);
      return (
        scope(account) &&
        (id === undefined || user.id === id) &&
        (username === undefined || user.username === username) &&
        (state === undefined || user.state === state) &&
        (accounttype === undefined || account.accounttype === accounttype) &&
        keyword(user.username, user.firstname, user.lastname, user.email, account.name)
      );
    });
    return listResponse('user', users, p, (user) => this.view.user(user, p.caller));
  }

  /** CreateUserCmd: a user (without keys) for an account of `account` in `domainid` (ROOT when absent). */
  private createUser(p: CommandParameters) {
    const accountName = p.required('account');
    const domain = this.domainParam(p, 'domainid');
    const email = p.required('email');
    const firstname = p.required('firstname');
    const lastname = p.required('lastname');
    p.required('password');
    const username = p.required('username');
    this.access.checkDomain(p.caller, domain);
    const account = this.accounts.findByName(accountName, domain.id);
    if (!account) {
      throw ApiError.invalidParameter(
        `Unable to find account ${accountName} in domain id=${domain.internalId} to create user`,
      );
    }
    this.access.checkAccount(p.caller, account);
    if (this.accounts.findUserByName(username, domain.id)) {
      throw ApiError.internal(`The user ${username} already exists in domain ${domain.internalId}`);
    }
    const user = this.accounts.addUser(account, { username, firstname, lastname, email, withKeys: false });
    return { user: this.view.user(user, p.caller) };
  }

  /** DeleteUserCmd (synchronous): the user and its keys are gone. */
  private deleteUser(p: CommandParameters) {
    const user = this.userParam(p);
    if (user.removed) throw ApiError.invalidParameter("The specified user doesn't exist in the system");
    if (user.isdefault) throw ApiError.invalidParameter("The user is default and can't be (re)moved");
    this.access.checkAccount(p.caller, this.accounts.accountOf(user));
    this.accounts.removeUser(user);
    return { success: 'true' };
  }

  /** DisableUserCmd (asynchronous; the checks run in the job, as in CloudStack): the user's keys stop working. */
  private disableUser(p: CommandParameters) {
    const user = this.userParam(p);
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${USER_CMD}.DisableUserCmd`,
      account: p.caller,
      user: p.callerUser,
      instanceType: 'User',
      instanceId: user.id,
      run: async () => {
        if (user.removed) throw ApiError.invalidParameter(`Unable to find active user by id ${user.internalId}`);
        this.access.checkAccount(p.caller, this.accounts.accountOf(user));
        this.accounts.setUserState(user, 'disabled');
        return { user: this.view.user(user, p.caller) };
      },
    });
    return { jobid: job.jobid };
  }

  /** EnableUserCmd: the user, and its account, enabled again. */
  private enableUser(p: CommandParameters) {
    const user = this.userParam(p);
    if (user.removed) throw ApiError.invalidParameter(`Unable to find active user by id ${user.internalId}`);
    const account = this.accounts.accountOf(user);
    this.access.checkAccount(p.caller, account);
    this.accounts.setUserState(user, 'enabled');
    this.accounts.setAccountState(account, 'enabled');
    return { user: this.view.user(user, p.caller) };
  }

  /** LockUserCmd: an enabled user locked (its account too once none of its users is enabled); locked stays locked. */
  private lockUser(p: CommandParameters) {
    const user = this.userParam(p);
    if (user.removed) throw ApiError.invalidParameter('Unable to find user by id');
    const account = this.accounts.accountOf(user);
    this.access.checkAccount(p.caller, account);
    if (user.state === 'disabled') throw ApiError.internal(`Unable to lock user ${user.internalId}`);
    if (user.state === 'enabled') {
      this.accounts.setUserState(user, 'locked');
      if (!this.accounts.usersOf(account).some((other) => other.state === 'enabled')) {
        this.accounts.setAccountState(account, 'locked');
      }
    }
    return { user: this.view.user(user, p.caller) };
  }

  // ---- accounts

  /**
   * CreateAccountCmd (synchronous): an account of `accounttype` or `roleid` in `domainid` (ROOT when absent) with
   * its first user, who has no keys until registerUserKeys.
   */
  private createAccount(p: CommandParameters) {
    const accountName = p.optional('account');
    const accounttypeParam = p.integer('accounttype');
    const role = p.entity('roleid', (id) => findRole(id));
    const domain = this.domainParam(p, 'domainid');
    const email = p.required('email');
    const firstname = p.required('firstname');
    const lastname = p.required('lastname');
    p.required('password');
    const username = p.required('username');
    if (accounttypeParam === undefined && !role) {
      throw new ApiError(
        ApiErrorCode.PARAM_ERROR,
        'Neither account type and role ID are not provided',
        CsErrorCode.SERVER_API,
      );
    }
    const accounttype = role ? role.accounttype : accounttypeParam!;
    if (!ACCOUNT_TYPES.includes(accounttype)) {
      throw ApiError.invalidParameter(`Invalid account type ${accounttype} given; unable to create user`);
    }
    const roletype = role ? role.type : roleOfAccountType(accounttype as AccountType).type;
    this.access.checkDomain(p.caller, domain);
    if (roletype === 'Admin' && !p.caller.isAdmin) {
      throw ApiError.permissionDenied(
        `Account ${describeAccount(p.caller)} is not allowed to create an account of role type Admin`,
      );
    }
    if (this.accounts.findUserByName(username, domain.id)) {
      throw ApiError.invalidParameter(`The user ${username} already exists in domain ${domain.internalId}`);
    }
    if (roletype === 'Admin' && domain.id !== this.accounts.rootDomain().id) {
      throw ApiError.invalidParameter(
        `Invalid account type 1 given for an account in domain ${domain.internalId}; unable to create user of admin role type in non-ROOT domain.`,
      );
    }
    const name = accountName ?? username;
    if (this.accounts.findByName(name, domain.id))
      throw ApiError.invalidParameter(`The specified account: ${name} already exists`);
    const account = this.accounts.createAccount({
      name,
      domain,
      roletype,
      user: { username, firstname, lastname, email, withKeys: false },
    });
    return { account: this.view.account(account, p.caller) };
  }

  /**
   * ListAccountsCmd: a user its own account; administrators theirs, or with listall the accounts they administer,
   * with domainid those of a domain (and below with isrecursive), with id one account.
   */
  private listAccounts(p: CommandParameters) {
    const { caller } = p;
    const byId = p.entity('id', (id) => this.accounts.find(id));
    const domain = p.entity('domainid', (id) => this.accounts.findDomain(id));
    if (domain) this.access.checkDomain(caller, domain);
    const name = p.optional('name');
    const isAdministrator = caller.roletype !== 'User';
    let scope: (account: AccountRecord) => boolean;
    if (byId) {
      this.access.checkAccount(caller, byId);
      scope = (account) => account.id === byId.id;
    } else if (isAdministrator && domain) {
      const recursive = p.boolean('isrecursive');
      scope = (account) =>
        recursive ? this.accounts.isWithin(domain.id, account.domainid) : account.domainid === domain.id;
    } else if (isAdministrator && (p.boolean('listall') || name !== undefined)) {
      scope = (account) =>
        this.access.mayOperate(caller, account) && this.accounts.isWithin(caller.domainid, account.domainid);
    } else {
      scope = (account) => account.id === caller.id;
    }
    const accounttype = p.integer('accounttype');
    const state = p.optional('state')?.toLowerCase();
    const keyword = keywordFilter(p);
    const accounts = this.accounts
      .all()
      .filter(scope)
      .filter(
        (account) =>
          (name === undefined || account.name === name) &&
          (accounttype === undefined || account.accounttype === accounttype) &&
          (state === undefined || account.state === state) &&
          keyword(account.name),
      );
    return listResponse('account', accounts, p, (account) => this.view.account(account, caller));
  }

  /** DisableAccountCmd (asynchronous): `lock=true` locks the account, `false` disables it; its users' keys stop working. */
  private disableAccount(p: CommandParameters) {
    const lock = p.required('lock').toLowerCase() === 'true';
    const account = this.accountParam(p);
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${ACCOUNT_CMD}.DisableAccountCmd`,
      account: p.caller,
      user: p.callerUser,
      instanceType: 'Account',
      instanceId: account.id,
      run: async () => {
        this.access.checkAccount(p.caller, account);
        if (account.isdefault) {
          throw ApiError.internal(
            `Unable to update account by accountId: ${account.internalId} OR by name: ${account.name} in domain ${account.domainInternalId}`,
          );
        }
        this.accounts.setAccountState(account, lock ? 'locked' : 'disabled');
        return { account: this.view.account(account, p.caller) };
      },
    });
    return { jobid: job.jobid };
  }

  /** EnableAccountCmd. */
  private enableAccount(p: CommandParameters) {
    const account = this.accountParam(p);
    this.access.checkAccount(p.caller, account);
    this.accounts.setAccountState(account, 'enabled');
    return { account: this.view.account(account, p.caller) };
  }

  // ---- domains and roles

  /** CreateDomainCmd: a child of `parentdomainid` (ROOT when absent) the caller administers. */
  private createDomain(p: CommandParameters) {
    const name = p.required('name');
    const parent = this.domainParam(p, 'parentdomainid');
    this.access.checkDomain(p.caller, parent);
    try {
      return { domain: this.view.domain(this.accounts.createDomain(name, parent)) };
    } catch (err) {
      if (err instanceof DuplicateAccountError || err instanceof InvalidIdentityError)
        throw ApiError.invalidParameter(err.message);
      throw err;
    }
  }

  /** ListDomainsCmd: a root administrator every domain; others their own (and below with listall). */
  private listDomains(p: CommandParameters) {
    const { caller } = p;
    const byId = p.entity('id', (id) => this.accounts.findDomain(id));
    let domains: DomainRecord[];
    if (byId) {
      this.access.checkDomain(caller, byId);
      domains = [byId];
    } else if (caller.isAdmin) {
      domains = this.accounts.domains();
    } else {
      const own = this.accounts.domainOf(caller);
      domains = p.boolean('listall')
        ? this.accounts.domains().filter((d) => this.accounts.isWithin(own.id, d.id))
        : [own];
    }
    const name = p.optional('name');
    const level = p.integer('level');
    const keyword = keywordFilter(p);
    const matches = domains.filter(
      (domain) =>
        (name === undefined || domain.name === name) &&
        (level === undefined || domain.level === level) &&
        keyword(domain.name),
    );
    return listResponse('domain', matches, p, (domain) => this.view.domain(domain));
  }

  /** ListRolesCmd: the default roles (a domain administrator does not see Admin roles). */
  private listRoles(p: CommandParameters) {
    const id = p.optional('id');
    const name = p.optional('name');
    const type = p.optional('type');
    const keyword = keywordFilter(p);
    const roles = ROLES.filter(
      (role) =>
        (p.caller.isAdmin || role.type !== 'Admin') &&
        (id === undefined || role.id === id) &&
        (name === undefined || role.name === name) &&
        (type === undefined || role.type.toLowerCase() === type.toLowerCase()) &&
        keyword(role.name),
    );
    return listResponse('role', roles, p, (role) => this.view.role(role));
  }

  // ---- helpers

  private userParam(p: CommandParameters): UserRecord {
    return p.entity('id', (id) => this.accounts.findUser(id), true);
  }

  private domainParam(p: CommandParameters, name: string): DomainRecord {
    return p.entity(name, (id) => this.accounts.findDomain(id)) ?? this.accounts.rootDomain();
  }

  /** `id`, or `account` with `domainid` (the caller's domain when absent). */
  private accountParam(p: CommandParameters): AccountRecord {
    const byId = p.entity('id', (id) => this.accounts.find(id));
    if (byId) return byId;
    const name = p.optional('account');
    const domain = p.entity('domainid', (id) => this.accounts.findDomain(id)) ?? this.accounts.domainOf(p.caller);
    const account = name === undefined ? undefined : this.accounts.findByName(name, domain.id);
    if (!account) {
      throw ApiError.invalidParameter(
        `Unable to find account by accountId: null OR by name: ${name ?? null} in domain ${domain.internalId}`,
      );
    }
    return account;
  }

  private callerUser(p: CommandParameters): UserRecord {
    return p.callerUser ?? this.accounts.findUser(p.caller.userid)!;
  }

  /** A user may see and renew only its own keys; administrators those of the accounts they administer. */
  private checkKeyAccess(p: CommandParameters, user: UserRecord): void {
    if (p.caller.roletype === 'User') {
      if (user.id === this.callerUser(p).id) return;
      throw ApiError.permissionDenied(
        `Account ${describeAccount(p.caller)} does not have permission to operate with resource ${describeUser(user)}`,
      );
    }
    this.access.checkAccount(p.caller, this.accounts.accountOf(user));
  }

  private keysOf(user: UserRecord): Record<string, string> {
    return {
      ...(user.apiKey !== undefined ? { apikey: user.apiKey } : {}),
      ...(user.secretKey !== undefined ? { secretkey: user.secretKey } : {}),
    };
  }
}
