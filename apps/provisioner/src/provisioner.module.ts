import { Module } from '@nestjs/common';
import { MessagingModule } from '@cfn/messaging';
import { PersistenceModule } from '@cfn/persistence';
import { ResourceRegistry } from '@cfn/resources';
import { PrivateKeyVault } from './key-pairs/private-key-vault';
import { cloudStackClientProvider } from './cloud/cloudstack-client.provider';
import { ResourceOperationsController } from './resource-operations/resource-operations.controller';
import { ResourceOperator } from './resource-operations/resource-operator';
import { StackKeyCleanupController } from './stack-keys/stack-key-cleanup.controller';
import { StackAccessProvider } from './stack-keys/stack-access.provider';

@Module({
  imports: [PersistenceModule.forRoot(), MessagingModule.forApp('provisioner')],
  controllers: [ResourceOperationsController, StackKeyCleanupController],
  providers: [cloudStackClientProvider, ResourceOperator, StackAccessProvider, PrivateKeyVault, { provide: ResourceRegistry, useFactory: () => ResourceRegistry.default() }],
})
export class ProvisionerModule {}
