import { MessagingModule } from '@cfn/messaging';
import { PersistenceModule } from '@cfn/persistence';
import { MAX_TEMPLATE_URL_BODY_BYTES, ResourceRegistry, StackTemplateChecker } from '@cfn/resources';
import { Module } from '@nestjs/common';

import { ownerClientsProvider } from './cloud/cloudstack-client.provider';
import { StackUpdateValidationController } from './stack-validation/stack-update-validation.controller';
import { StackValidationController } from './stack-validation/stack-validation.controller';
import { StackValidator } from './stack-validation/stack-validator';

@Module({
  imports: [PersistenceModule.forRoot({ poolSize: 4 }), MessagingModule.forApp('validator')],
  controllers: [StackValidationController, StackUpdateValidationController],
  providers: [
    ownerClientsProvider,
    StackValidator,
    // The api enforced the inline limit already; a body it fetched by URL (or a nested stack's) may be up to 1 MB.
    {
      provide: StackTemplateChecker,
      useFactory: () =>
        new StackTemplateChecker(ResourceRegistry.default(), { maxBodyBytes: MAX_TEMPLATE_URL_BODY_BYTES }),
    },
  ],
})
export class ValidatorModule {}
