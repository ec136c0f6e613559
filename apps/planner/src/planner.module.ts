import { Module } from '@nestjs/common';
import { MessagingModule } from '@cfn/messaging';
import { PersistenceModule } from '@cfn/persistence';
import { ConfigurationOutcomesController } from './configuration/configuration-outcomes.controller';
import { OutcomeApplier } from './resource-outcomes/outcome-applier';
import { ResourceOutcomesController } from './resource-outcomes/resource-outcomes.controller';
import { StackCreationController } from './stack-creation/stack-creation.controller';
import { StackDeletionController } from './stack-deletion/stack-deletion.controller';
import { StackEngine } from './stack-engine/stack-engine';
import { WaitConditionSignalsController } from './wait-conditions/wait-condition-signals.controller';
import { WaitConditionTimeouts } from './wait-conditions/wait-condition-timeouts';
import { CreationCompletion } from './creation-policy/creation-completion';
import { MemberConfigurations } from './auto-scaling/member-configurations';
import { ResourceRegistry } from '@cfn/resources';

@Module({
  imports: [PersistenceModule.forRoot(), MessagingModule.forApp('planner')],
  controllers: [StackCreationController, StackDeletionController, ResourceOutcomesController, ConfigurationOutcomesController,
    WaitConditionSignalsController],
  providers: [
    StackEngine, OutcomeApplier, WaitConditionTimeouts, CreationCompletion, MemberConfigurations,
    { provide: ResourceRegistry, useFactory: () => ResourceRegistry.default() },
  ],
})
export class PlannerModule {}
