import 'reflect-metadata';
import { startConsumerApp } from '@cfn/messaging';
import { readIntegerEnv } from '@cfn/runtime';
import { PlannerModule } from './planner.module';

// Planner handlers are short transactions serialised per stack by the stack row's lock.
void startConsumerApp(PlannerModule, { app: 'planner', prefetch: readIntegerEnv('PLANNER_PREFETCH', 20) });
