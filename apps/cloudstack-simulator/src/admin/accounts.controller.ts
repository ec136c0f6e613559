import { BadRequestException, Body, ConflictException, Controller, Get, Post } from '@nestjs/common';
import { AccountRegistry, DuplicateAccountError } from '../state/account-registry';
import { AccountRecord } from '../state/records';

const ACCOUNT_NAME = /^[A-Za-z0-9_.@-]{1,64}$/;

interface NewAccount {
  name?: unknown;
  admin?: unknown;
  apiKey?: unknown;
  secretKey?: unknown;
}

/** `/simulator/accounts`: accounts with their own keys (CloudStack's createAccount + registerUserKeys in one step). */
@Controller('simulator/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountRegistry) {}

  /** Secret keys are shown once, when the account is made. */
  @Get()
  list() {
    return { accounts: this.accounts.all().map((account) => this.describe(account)) };
  }

  @Post()
  create(@Body() body: NewAccount | undefined) {
    const { name, admin, apiKey, secretKey } = body ?? {};
    if (typeof name !== 'string' || !ACCOUNT_NAME.test(name)) {
      throw new BadRequestException('name must be 1-64 letters, digits or _.@-');
    }
    if (admin !== undefined && typeof admin !== 'boolean') throw new BadRequestException('admin must be a boolean');
    for (const [field, value] of Object.entries({ apiKey, secretKey })) {
      if (value !== undefined && (typeof value !== 'string' || value.length < 8)) {
        throw new BadRequestException(`${field} must be a string of at least 8 characters`);
      }
    }
    try {
      const account = this.accounts.create({ name, admin: admin as boolean | undefined, apiKey: apiKey as string, secretKey: secretKey as string });
      return { ...this.describe(account), secretKey: account.secretKey };
    } catch (err) {
      if (err instanceof DuplicateAccountError) throw new ConflictException(err.message);
      throw err;
    }
  }

  private describe(account: AccountRecord) {
    return {
      id: account.id,
      name: account.name,
      admin: account.isAdmin,
      domainid: account.domainid,
      userid: account.userid,
      apiKey: account.apiKey,
    };
  }
}
