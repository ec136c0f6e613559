import { readServiceEnvironment, retryUntil } from '@cfn/runtime';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { createDataSource } from './data-source';
import { dataSecretBox } from './secrets/secret-box';

/** Provides the app's TypeORM DataSource, waiting for MySQL at start-up instead of crashing. */
@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * `requireDataKey`: the app reads or writes sealed columns (docs/secrets-at-rest.md) and refuses to start without
   * a data key (CFN_DATA_KEY) rather than fail on its first request.
   */
  static forRoot(options: { databaseUrl?: string; poolSize?: number; requireDataKey?: boolean } = {}): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            if (options.requireDataKey) dataSecretBox();
            const url = options.databaseUrl ?? readServiceEnvironment().databaseUrl;
            const dataSource = createDataSource(url, { poolSize: options.poolSize });
            await retryUntil('MySQL', () => dataSource.initialize());
            return dataSource;
          },
        },
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
