import { Module } from '@nestjs/common';
import { MessagingModule } from '@cfn/messaging';
import { PersistenceModule } from '@cfn/persistence';
import { ResourceRegistry, StackTemplateChecker } from '@cfn/resources';
import { StackValidationController } from './stack-validation/stack-validation.controller';

@Module({
  imports: [PersistenceModule.forRoot({ poolSize: 4 }), MessagingModule.forApp('validator')],
  controllers: [StackValidationController],
  providers: [{ provide: StackTemplateChecker, useFactory: () => new StackTemplateChecker(ResourceRegistry.default()) }],
})
export class ValidatorModule {}
