import { ResourceRegistry } from '@cfn/resources';
import { Provider } from '@nestjs/common';

import { ConfigurationOutcomesController } from './configuration/configuration-outcomes.controller';
import { CreationCompletion } from './creation-policy/creation-completion';
import { StackExports } from './exports/stack-exports';
import { StalledWorkRedriver } from './recovery/stalled-work-redriver';
import { OutcomeApplier } from './resource-outcomes/outcome-applier';
import { ResourceOutcomesController } from './resource-outcomes/resource-outcomes.controller';
import { RESOURCE_TYPE_CONTROLLERS, RESOURCE_TYPE_PROVIDERS } from './resource-types';
import { StackCreationController } from './stack-creation/stack-creation.controller';
import { StackDeletionController } from './stack-deletion/stack-deletion.controller';
import { CreatePass } from './stack-engine/create-pass';
import { ResourceCreation } from './stack-engine/resource-creation';
import { ResourceRequests } from './stack-engine/resource-requests';
import { StackEngine } from './stack-engine/stack-engine';
import { STACK_PASSES } from './stack-engine/stack-pass';
import { StackRepository } from './stack-engine/stack-repository';
import { StackStatusWriter } from './stack-engine/stack-status-writer';
import { TeardownPass } from './stack-engine/teardown-pass';
import { TypeOrmStackRepository } from './stack-engine/typeorm-stack-repository';
import { CreateTimeouts } from './stack-lifecycle/create-timeouts';
import { ResourceUpdateOutcomesController } from './stack-update/resource-update-outcomes.controller';
import { StackUpdateController } from './stack-update/stack-update.controller';
import { StackUpdater } from './stack-update/stack-updater';
import { UpdateCleanup } from './stack-update/update-cleanup';
import { UpdateOutcomes } from './stack-update/update-outcomes';
import { UpdatePass } from './stack-update/update-pass';
import { UpdateRollback } from './stack-update/update-rollback';
import { WaitConditionSignalsController } from './wait-conditions/wait-condition-signals.controller';
import { WaitConditionTimeouts } from './wait-conditions/wait-condition-timeouts';

/** The planner's message handlers. */
export const PLANNER_CONTROLLERS = [
  StackCreationController,
  StackDeletionController,
  ResourceOutcomesController,
  ConfigurationOutcomesController,
  WaitConditionSignalsController,
  StackUpdateController,
  ResourceUpdateOutcomesController,
  ...RESOURCE_TYPE_CONTROLLERS,
];

/**
 * The planner's parts, wired here and nowhere else: the PlannerModule (with the database and broker) and suites that
 * drive the planner without a broker build the same graph. Needs a UnitOfWork provider.
 */
export const PLANNER_PROVIDERS: Provider[] = [
  { provide: ResourceRegistry, useFactory: () => ResourceRegistry.default() },
  { provide: StackRepository, useClass: TypeOrmStackRepository },
  StackStatusWriter,
  StackExports,
  ResourceRequests,
  ResourceCreation,
  CreatePass,
  TeardownPass,
  UpdatePass,
  UpdateRollback,
  UpdateCleanup,
  {
    provide: STACK_PASSES,
    useFactory: (...passes: unknown[]) => passes,
    inject: [CreatePass, TeardownPass, UpdatePass],
  },
  StackEngine,
  StackUpdater,
  UpdateOutcomes,
  OutcomeApplier,
  CreationCompletion,
  CreateTimeouts,
  WaitConditionTimeouts,
  StalledWorkRedriver,
  ...RESOURCE_TYPE_PROVIDERS,
];
