import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { readServiceEnvironment, retryUntil } from '@cfn/runtime';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';

/** Provides the app's TypeORM DataSource, waiting for MySQL at start-up instead of crashing. */
@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(options: { databaseUrl?: string; poolSize?: number } = {}): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
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
