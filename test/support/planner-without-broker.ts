import { Test, TestingModule } from '@nestjs/testing';

import { PLANNER_CONTROLLERS, PLANNER_PROVIDERS } from '../../apps/planner/src/planner-providers';
import { UnitOfWork } from '../../libs/messaging/src';

/**
 * The planner's parts wired as the PlannerModule wires them, around a UnitOfWork on a scratch database and without a
 * broker: suites and benches call its controllers message by message. Its sweeps are not started.
 */
export function plannerWithoutBroker(unitOfWork: UnitOfWork): Promise<TestingModule> {
  return Test.createTestingModule({
    controllers: PLANNER_CONTROLLERS,
    providers: [...PLANNER_PROVIDERS, { provide: UnitOfWork, useValue: unitOfWork }],
  }).compile();
}
