import { MessagingModule } from '@cfn/messaging';
import { leaseSettingsFromEnv, PersistenceModule, WorkLeases } from '@cfn/persistence';
import { ResourceRegistry } from '@cfn/resources';
import { Logger, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ownerClientsProvider } from './cloud/cloudstack-client.provider';
import { PrivateKeyVault } from './key-pairs/private-key-vault';
import { OperationRecovery } from './recovery/operation-recovery';
import { CLOUD_OPERATION_STORE } from './resource-operations/cloud-operation-store';
import { MysqlCloudOperationStore } from './resource-operations/mysql-cloud-operation-store';
import { OutcomeReporter } from './resource-operations/outcome-reporter';
import { ResourceOperationsController } from './resource-operations/resource-operations.controller';
import { CLOUD_OPERATION_LEASES, ResourceOperator } from './resource-operations/resource-operator';
import { StackAccessProvider } from './stack-keys/stack-access.provider';
import { StackKeyCleanupController } from './stack-keys/stack-key-cleanup.controller';

@Module({
  imports: [PersistenceModule.forRoot(), MessagingModule.forApp('provisioner')],
  controllers: [ResourceOperationsController, StackKeyCleanupController],
  providers: [
    {
      provide: CLOUD_OPERATION_LEASES,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) =>
        new WorkLeases(
          dataSource,
          {
            table: 'cloud_operations',
            keyColumn: 'operation_id',
            unfinished: "status IN ('PENDING', 'IN_PROGRESS')",
            writtenColumn: 'updated_at',
          },
          { ...leaseSettingsFromEnv(), logger: new Logger('WorkLeases') },
        ),
    },
    {
      provide: CLOUD_OPERATION_STORE,
      inject: [DataSource, CLOUD_OPERATION_LEASES],
      useFactory: (dataSource: DataSource, leases: WorkLeases) =>
        new MysqlCloudOperationStore(dataSource, () => leases.expirySql()),
    },
    OperationRecovery,
    ownerClientsProvider,
    ResourceOperator,
    OutcomeReporter,
    StackAccessProvider,
    PrivateKeyVault,
    { provide: ResourceRegistry, useFactory: () => ResourceRegistry.default() },
  ],
})
export class ProvisionerModule {}
