import 'reflect-metadata';
import { startConsumerApp } from '@cfn/messaging';
import { readIntegerEnv } from '@cfn/runtime';
import { PlannerModule } from './planner.module';

// Planner handlers are short transactions serialised per stack by the stack row's lock; outcomes of one stack that
// arrive together are applied in one transaction, so the prefetch is also the largest such batch.
void startConsumerApp(PlannerModule, { app: 'planner', prefetch: readIntegerEnv('PLANNER_PREFETCH', 100) });
