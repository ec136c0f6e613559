import { MessagingModule } from '@cfn/messaging';
import { leaseSettingsFromEnv, PersistenceModule, WorkLeases } from '@cfn/persistence';
import { SshConnectionPool } from '@cfn/ssh';
import { Logger, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ConfiguratorSettings, readConfiguratorSettings } from './configurator-settings';
import { CONFIGURATION_RUN_LEASES, ConfigurationRunner } from './configure/configuration-runner';
import { ConfigureRequestsController } from './configure/configure-requests.controller';
import { downloadUrl } from './configure/url-download';
import { HostConfigurator } from './engine/host-configurator';
import { StackHostStore } from './inventory/stack-host-store';
import { ConfigurationRecovery } from './recovery/configuration-recovery';
import { ConfigurationRunStore } from './runs/configuration-run-store';
import { MysqlHostKeyStore } from './runs/mysql-host-key-store';
import { RequestSealer } from './runs/sealed-request';

@Module({
  imports: [PersistenceModule.forRoot(), MessagingModule.forApp('configurator')],
  controllers: [ConfigureRequestsController],
  providers: [
    { provide: ConfiguratorSettings, useFactory: () => readConfiguratorSettings() },
    {
      provide: ConfigurationRunStore,
      inject: [DataSource, ConfiguratorSettings],
      useFactory: (dataSource: DataSource, settings: ConfiguratorSettings) =>
        new ConfigurationRunStore(dataSource, settings.masterSecret ? new RequestSealer(settings.masterSecret) : null),
    },
    {
      provide: StackHostStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new StackHostStore(dataSource),
    },
    {
      provide: SshConnectionPool,
      inject: [DataSource, ConfiguratorSettings],
      useFactory: (dataSource: DataSource, settings: ConfiguratorSettings) =>
        new SshConnectionPool({ hostKeys: new MysqlHostKeyStore(dataSource), idleMs: settings.sshIdleMs }),
    },
    {
      provide: HostConfigurator,
      inject: [ConfiguratorSettings],
      useFactory: (settings: ConfiguratorSettings) =>
        new HostConfigurator({
          rolesDir: settings.rolesDir,
          taskTimeoutMs: settings.taskTimeoutMs,
          outputLimit: settings.outputLimit,
          download: downloadUrl,
        }),
    },
    {
      provide: CONFIGURATION_RUN_LEASES,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) =>
        new WorkLeases(
          dataSource,
          {
            table: 'configuration_runs',
            keyColumn: 'operation_id',
            unfinished: "status = 'IN_PROGRESS'",
            writtenColumn: 'started_at',
          },
          { ...leaseSettingsFromEnv(), logger: new Logger('WorkLeases') },
        ),
    },
    ConfigurationRunner,
    ConfigurationRecovery,
  ],
})
export class ConfiguratorModule {}
