import { isDuplicateKeyError, SsmParameter } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';

import { ParameterRecords, ParameterWrite, StoredParameter, VERSIONS_KEPT } from './parameter-records';
import { parameterAlreadyExists } from './ssm-error';

/** The parameters in MySQL (ssm_parameters): every version a row, the current one flagged `latest`. */
@Injectable()
export class TypeOrmParameterRecords implements ParameterRecords {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async latest(accountId: string, name: string): Promise<StoredParameter | undefined> {
    return this.asStored(
      await this.dataSource.getRepository(SsmParameter).findOneBy({ accountId, name, latest: true }),
    );
  }

  async version(accountId: string, name: string, version: number): Promise<StoredParameter | undefined> {
    return this.asStored(await this.dataSource.getRepository(SsmParameter).findOneBy({ accountId, name, version }));
  }

  async put(write: ParameterWrite, overwrite: boolean): Promise<StoredParameter> {
    try {
      return await this.dataSource.transaction((manager) => this.putIn(manager, write, overwrite));
    } catch (error) {
      // Two first writes of one name raced: the loser overwrites (or is refused) as if it had come second.
      if (!isDuplicateKeyError(error)) throw error;
      if (!overwrite) throw parameterAlreadyExists();
      return this.dataSource.transaction((manager) => this.putIn(manager, write, overwrite));
    }
  }

  private async putIn(manager: EntityManager, write: ParameterWrite, overwrite: boolean): Promise<StoredParameter> {
    const repository = manager.getRepository(SsmParameter);
    const current = await repository.findOne({
      where: { accountId: write.accountId, name: write.name, latest: true },
      lock: { mode: 'pessimistic_write' },
    });
    if (current && !overwrite) throw parameterAlreadyExists();
    const version = (current?.version ?? 0) + 1;
    if (current) {
      await repository.update(
        { accountId: current.accountId, name: current.name, version: current.version },
        { latest: false },
      );
      await repository.delete({
        accountId: write.accountId,
        name: write.name,
        version: LessThanOrEqual(version - VERSIONS_KEPT),
      });
    }
    const row = repository.create({ ...write, version, latest: true });
    await repository.insert(row);
    return this.asStored(row)!;
  }

  async delete(accountId: string, name: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(SsmParameter).delete({ accountId, name });
    return (result.affected ?? 0) > 0;
  }

  async list(
    accountId: string,
    options: { prefix?: string; after?: string; limit: number },
  ): Promise<StoredParameter[]> {
    const query = this.dataSource
      .getRepository(SsmParameter)
      .createQueryBuilder('p')
      .where('p.account_id = :accountId AND p.latest = 1', { accountId });
    if (options.prefix)
      query.andWhere("p.name LIKE :prefix ESCAPE '!'", { prefix: `${options.prefix.replace(/[!%_]/g, '!$&')}%` });
    if (options.after !== undefined) query.andWhere('p.name > :after', { after: options.after });
    const rows = await query.orderBy('p.name', 'ASC').take(options.limit).getMany();
    return rows.map((row) => this.asStored(row)!);
  }

  private asStored(row: SsmParameter | null | undefined): StoredParameter | undefined {
    if (!row) return undefined;
    const { latest: _latest, ...stored } = row;
    return { ...stored, type: stored.type as StoredParameter['type'] };
  }
}
