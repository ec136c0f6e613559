import { ParameterRecords, ParameterWrite, StoredParameter, VERSIONS_KEPT } from './parameter-records';
import { parameterAlreadyExists } from './ssm-error';

/** The store's records in memory, as the table keeps them: for specs of the operations. */
export class InMemoryParameterRecords implements ParameterRecords {
  private readonly versions = new Map<string, StoredParameter[]>();

  async latest(accountId: string, name: string): Promise<StoredParameter | undefined> {
    return this.versions.get(key(accountId, name))?.at(-1);
  }

  async version(accountId: string, name: string, version: number): Promise<StoredParameter | undefined> {
    return this.versions.get(key(accountId, name))?.find((parameter) => parameter.version === version);
  }

  async put(write: ParameterWrite, overwrite: boolean): Promise<StoredParameter> {
    const history = this.versions.get(key(write.accountId, write.name)) ?? [];
    if (history.length > 0 && !overwrite) throw parameterAlreadyExists();
    const stored = { ...write, version: (history.at(-1)?.version ?? 0) + 1 };
    this.versions.set(
      key(write.accountId, write.name),
      [...history, stored].filter((parameter) => parameter.version > stored.version - VERSIONS_KEPT),
    );
    return stored;
  }

  async delete(accountId: string, name: string): Promise<boolean> {
    return this.versions.delete(key(accountId, name));
  }

  async list(
    accountId: string,
    options: { prefix?: string; after?: string; limit: number },
  ): Promise<StoredParameter[]> {
    return [...this.versions.values()]
      .map((history) => history.at(-1)!)
      .filter(
        (parameter) =>
          parameter.accountId === accountId &&
          parameter.name.startsWith(options.prefix ?? '') &&
          (options.after === undefined || parameter.name > options.after),
      )
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .slice(0, options.limit);
  }
}

const key = (accountId: string, name: string): string => `${accountId} ${name}`;
