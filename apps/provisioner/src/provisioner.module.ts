import { Module } from '@nestjs/common';
import { MessagingModule } from '@cfn/messaging';
import { PersistenceModule } from '@cfn/persistence';
import { ResourceRegistry } from '@cfn/resources';
import { cloudStackClientProvider } from './cloud/cloudstack-client.provider';
import { ResourceOperationsController } from './resource-operations/resource-operations.controller';
import { ResourceOperator } from './resource-operations/resource-operator';

@Module({
  imports: [PersistenceModule.forRoot(), MessagingModule.forApp('provisioner')],
  controllers: [ResourceOperationsController],
  providers: [cloudStackClientProvider, ResourceOperator, { provide: ResourceRegistry, useFactory: () => ResourceRegistry.default() }],
})
export class ProvisionerModule {}
