import 'reflect-metadata';

import { startConsumerApp } from '@cfn/messaging';
import { readIntegerEnv } from '@cfn/runtime';

import { PlannerModule } from './planner.module';

// Planner handlers are short transactions serialised per stack by the stack row's lock; outcomes of one stack that
// arrive together are applied in one transaction of up to 100 (OutcomeApplier). A message is acknowledged when its
// transaction commits, so the prefetch is kept above that batch: the next batch's outcomes are already here when a
// batch commits, instead of being sent for only once it is acknowledged.
void startConsumerApp(PlannerModule, { app: 'planner', prefetch: readIntegerEnv('PLANNER_PREFETCH', 300) });
