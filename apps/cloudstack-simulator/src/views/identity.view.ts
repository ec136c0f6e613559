import { formatCloudStackDate } from '@cfn/cloudstack';
import { Injectable } from '@nestjs/common';

import { AccountRegistry } from '../state/account-registry';
import { AccountRecord, DomainRecord, UserRecord } from '../state/records';
import { RoleDefinition } from '../state/roles';

/** UserResponse, AccountResponse, DomainResponse and RoleResponse as CloudStack 4.18 fills them. */
@Injectable()
export class IdentityView {
  constructor(private readonly accounts: AccountRegistry) {}

  /** A user as the viewer sees it: the API key, never the secret key (getUserKeys gives that). */
  user(user: UserRecord, viewer: AccountRecord): Record<string, unknown> {
    const account = this.accounts.accountOf(user);
    return {
      id: user.id,
      username: user.username,
      ...(user.firstname !== undefined ? { firstname: user.firstname } : {}),
      ...(user.lastname !== undefined ? { lastname: user.lastname } : {}),
      ...(user.email !== undefined ? { email: user.email } : {}),
      created: formatCloudStackDate(user.created),
      state: user.state,
      account: account.name,
      accounttype: account.accounttype,
      usersource: 'native',
      roleid: account.roleid,
      roletype: account.roletype,
      rolename: account.rolename,
      domainid: account.domainid,
      domain: account.domain,
      ...(user.apiKey !== undefined ? { apikey: user.apiKey } : {}),
      accountid: account.id,
      iscallerchilddomain: this.accounts.isWithin(viewer.domainid, account.domainid),
      isdefault: user.isdefault,
    };
  }

  /** An account with its (live) users. */
  account(account: AccountRecord, viewer: AccountRecord): Record<string, unknown> {
    return {
      id: account.id,
      name: account.name,
      accounttype: account.accounttype,
      roleid: account.roleid,
      roletype: account.roletype,
      rolename: account.rolename,
      domainid: account.domainid,
      domain: account.domain,
      domainpath: account.domainpath,
      created: formatCloudStackDate(account.created),
      state: account.state,
      isdefault: account.isdefault,
      user: this.accounts.usersOf(account).map((user) => this.user(user, viewer)),
    };
  }

  domain(domain: DomainRecord): Record<string, unknown> {
    const parent = this.accounts.findDomain(domain.parentdomainid);
    return {
      id: domain.id,
      name: domain.name,
      level: domain.level,
      ...(parent ? { parentdomainid: parent.id, parentdomainname: parent.name } : {}),
      haschild: this.accounts.childrenOf(domain).length > 0,
      path: domain.path,
      state: 'Active',
      created: formatCloudStackDate(domain.created),
    };
  }

  role(role: RoleDefinition): Record<string, unknown> {
    return { id: role.id, name: role.name, type: role.type, description: role.description, isdefault: true };
  }
}
