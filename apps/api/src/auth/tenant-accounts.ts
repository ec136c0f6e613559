import { Account, isDuplicateKeyError } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { accountNumberFor } from './account-number';
import { CloudStackUser } from './cloudstack-users';

/** Attempts at a free account number before giving up (each collides with one chance in a trillion). */
const MAX_ATTEMPTS = 5;

/**
 * The account number of a CloudStack account, recorded in `accounts` the first time one of its users calls: the
 * number derived from its uuid, or (if another account already holds that) the next derivation. The row also keeps
 * the account's name and domain for operators.
 */
@Injectable()
export class TenantAccounts {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async numberFor(user: Pick<CloudStackUser, 'account' | 'accountid' | 'domainid' | 'domainPath'>): Promise<string> {
    const accounts = this.dataSource.getRepository(Account);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const known = await accounts.findOneBy({ cloudStackAccountId: user.accountid });
      if (known) return known.id;
      const id = accountNumberFor(user.accountid, attempt);
      try {
        await accounts.insert({
          id,
          name: user.account,
          cloudStackAccountId: user.accountid,
          cloudStackDomainId: user.domainid,
          domainPath: user.domainPath,
        });
        return id;
      } catch (error) {
        // Another replica recorded this account first (found on the next look), or the number is another's.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new Error(`no free account number for CloudStack account ${user.accountid}`);
  }
}
