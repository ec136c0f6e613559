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
import { NestedStackStatusController } from './nested-stacks/nested-stack-status.controller';
import { NestedStackTimeouts } from './nested-stacks/nested-stack-timeouts';
import { StalledWorkRedriver } from './recovery/stalled-work-redriver';
import { MemberConfigurations } from './auto-scaling/member-configurations';
import { ResourceRegistry } from '@cfn/resources';
import { CreateTimeouts } from './stack-lifecycle/create-timeouts';
import { ResourceUpdateOutcomesController } from './stack-update/resource-update-outcomes.controller';
import { StackUpdateController } from './stack-update/stack-update.controller';
import { StackUpdater } from './stack-update/stack-updater';

@Module({
  imports: [PersistenceModule.forRoot({ requireDataKey: true }), MessagingModule.forApp('planner')],
  controllers: [StackCreationController, StackDeletionController, ResourceOutcomesController, ConfigurationOutcomesController,
    WaitConditionSignalsController, StackUpdateController, ResourceUpdateOutcomesController, NestedStackStatusController],
  providers: [
    StackEngine, OutcomeApplier, WaitConditionTimeouts, CreateTimeouts, StackUpdater, CreationCompletion, NestedStackTimeouts,
    StalledWorkRedriver, MemberConfigurations,
    { provide: ResourceRegistry, useFactory: () => ResourceRegistry.default() },
  ],
})
export class PlannerModule {}
