import { Account, Credential } from '@cfn/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

export const DEFAULT_ACCOUNT_ID = process.env.CFN_DEFAULT_ACCOUNT_ID ?? '123456789012';

/**
 * Access keys kept in MySQL. When CFN_BOOTSTRAP_ACCESS_KEY_ID / CFN_BOOTSTRAP_SECRET_ACCESS_KEY are set, that
 * pair is made (or updated to be) an administrator credential of the default account at start-up.
 */
@Injectable()
export class CredentialStore implements OnApplicationBootstrap {
  private readonly logger = new Logger(CredentialStore.name);

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const accessKeyId = process.env.CFN_BOOTSTRAP_ACCESS_KEY_ID;
    const secretAccessKey = process.env.CFN_BOOTSTRAP_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) return;
    await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(Account)
        .values({ id: DEFAULT_ACCOUNT_ID, name: 'default' })
        .orIgnore()
        .execute();
      await manager
        .createQueryBuilder()
        .insert()
        .into(Credential)
        .values({ accessKeyId, secretAccessKey, accountId: DEFAULT_ACCOUNT_ID, isAdmin: true })
        .orUpdate(['secret_access_key', 'account_id', 'is_admin'], ['access_key_id'])
        .execute();
    });
    this.logger.log(`bootstrap credential ${accessKeyId} is an administrator of account ${DEFAULT_ACCOUNT_ID}`);
  }

  async find(accessKeyId: string): Promise<Credential | null> {
    return this.dataSource.getRepository(Credential).findOneBy({ accessKeyId });
  }
}
