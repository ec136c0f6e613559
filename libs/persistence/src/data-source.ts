import { DataSource } from 'typeorm';

import {
  Account,
  AuditRecord,
  ChangeSet,
  CloudOperation,
  ConfigurationHostKey,
  ConfigurationRun,
  ConfigurationStackHost,
  ConfigurationTaskResult,
  Credential,
  SsmParameter,
  Stack,
  StackEvent,
  StackRequest,
  StackResource,
  StackTemplateVersion,
} from './entities';
import { MIGRATIONS } from './migrations';

export const ENTITIES = [
  Account,
  Credential,
  StackRequest,
  Stack,
  StackResource,
  StackEvent,
  CloudOperation,
  AuditRecord,
  ConfigurationRun,
  ConfigurationTaskResult,
  ConfigurationHostKey,
  ConfigurationStackHost,
  StackTemplateVersion,
  ChangeSet,
  SsmParameter,
];

/**
 * A TypeORM data source for `mysql://user:pass@host:port/db` (MySQL 8 or MariaDB 10.11).
 * Schema changes only through migrations: synchronize stays off.
 */
export function createDataSource(databaseUrl: string, options: { poolSize?: number } = {}): DataSource {
  return new DataSource({
    type: 'mysql',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    timezone: 'Z',
    charset: 'utf8mb4',
    poolSize: options.poolSize ?? 10,
    // Dates are stored as UTC DATETIME(3).
    dateStrings: false,
    extra: { connectTimeout: 5_000 },
  });
}
