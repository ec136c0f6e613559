import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';

import { AccountRegistry, DuplicateAccountError, InvalidIdentityError } from '../state/account-registry';
import { parseAccountSeed, parseUserSeed } from '../state/account-seeds';
import { AccountRecord, DomainRecord, UserRecord } from '../state/records';

/** Registry errors as the operator's HTTP answers: 409 for what is taken, 400 for what cannot be. */
function operatorError(err: unknown): unknown {
  if (err instanceof DuplicateAccountError) return new ConflictException(err.message);
  if (err instanceof InvalidIdentityError) return new BadRequestException(err.message);
  return err;
}

function parsed<T>(parse: (value: unknown) => T, value: unknown): T {
  try {
    return parse(value ?? {});
  } catch (err) {
    throw new BadRequestException((err as Error).message);
  }
}

/**
 * `/simulator/accounts`: accounts, their users and their keys (CloudStack's createAccount + createUser +
 * registerUserKeys in one step), in any domain; `/simulator/domains`: the domain tree. Secret keys are shown once,
 * when made.
 */
@Controller('simulator')
export class AccountsController {
  constructor(private readonly accounts: AccountRegistry) {}

  @Get('accounts')
  list() {
    return { accounts: this.accounts.all().map((account) => this.describe(account)) };
  }

  /** `{name, admin?, apiKey?, secretKey?, domain?, role?, users?: [{username, apiKey?, secretKey?, ...}]}`, as SIM_ACCOUNTS. */
  @Post('accounts')
  create(@Body() body: unknown) {
    const seed = parsed(parseAccountSeed, body);
    let account: AccountRecord;
    try {
      account = this.accounts.create(seed);
    } catch (err) {
      throw operatorError(err);
    }
    const users = this.accounts.usersOf(account);
    return {
      ...this.describe(account),
      secretKey: users[0].secretKey,
      users: users.map((user) => ({ ...this.describeUser(user), secretKey: user.secretKey })),
    };
  }

  /** Another user of an account (`?domain=<path>` when accounts of that name live in several domains). */
  @Post('accounts/:name/users')
  addUser(@Param('name') name: string, @Body() body: unknown, @Query('domain') domainPath?: string) {
    const seed = parsed(parseUserSeed, body);
    let domain: DomainRecord | undefined;
    try {
      domain = domainPath === undefined ? undefined : this.accounts.findDomainByPath(domainPath);
    } catch (err) {
      throw operatorError(err);
    }
    if (domainPath !== undefined && !domain) throw new NotFoundException(`no domain ${domainPath}`);
    const named = this.accounts.all().filter((a) => a.name === name && (!domain || a.domainid === domain.id));
    if (named.length === 0) throw new NotFoundException(`no account ${name}${domain ? ` in ${domain.path}` : ''}`);
    if (named.length > 1)
      throw new BadRequestException(`accounts named ${name} live in several domains: add ?domain=<path>`);
    try {
      const user = this.accounts.addSeededUser(named[0], seed);
      return { ...this.describeUser(user), secretKey: user.secretKey };
    } catch (err) {
      throw operatorError(err);
    }
  }

  @Get('domains')
  domains() {
    return { domains: this.accounts.domains().map((domain) => this.describeDomain(domain)) };
  }

  /** `{path}`: a domain and any missing levels above it, under ROOT. */
  @Post('domains')
  createDomain(@Body() body: { path?: unknown } | undefined) {
    const path = body?.path;
    if (typeof path !== 'string' || path.trim() === '')
      throw new BadRequestException('path must be a domain path such as ROOT/eng');
    try {
      if (this.accounts.findDomainByPath(path)) throw new DuplicateAccountError(`domain ${path} already exists`);
      return this.describeDomain(this.accounts.ensureDomain(path));
    } catch (err) {
      throw operatorError(err);
    }
  }

  private describe(account: AccountRecord) {
    const users = this.accounts.usersOf(account);
    const first = users.find((user) => user.id === account.userid);
    return {
      id: account.id,
      name: account.name,
      admin: account.isAdmin,
      role: account.roletype,
      accounttype: account.accounttype,
      domainid: account.domainid,
      domain: account.domainpath,
      state: account.state,
      userid: account.userid,
      apiKey: first?.apiKey,
      users: users.map((user) => this.describeUser(user)),
    };
  }

  private describeUser(user: UserRecord) {
    const account = this.accounts.accountOf(user);
    return {
      id: user.id,
      username: user.username,
      account: account.name,
      accountid: account.id,
      domainid: account.domainid,
      domain: account.domainpath,
      state: user.state,
      apiKey: user.apiKey,
    };
  }

  private describeDomain(domain: DomainRecord) {
    return {
      id: domain.id,
      name: domain.name,
      path: domain.path,
      level: domain.level,
      ...(domain.parentdomainid ? { parentdomainid: domain.parentdomainid } : {}),
    };
  }
}
