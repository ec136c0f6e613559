import { Provider } from '@nestjs/common';

import { AutoScalingGroupHooks, LaunchConfigurationHooks } from './auto-scaling-group/auto-scaling.hooks';
import { MemberConfigurationRounds } from './auto-scaling-group/member-configuration-rounds';
import { MemberConfigurations } from './auto-scaling-group/member-configurations';
import { NestedStackHooks } from './nested-stack/nested-stack.hooks';
import { NestedStackStatusController } from './nested-stack/nested-stack-status.controller';
import { NestedStackStore } from './nested-stack/nested-stack-store';
import { NestedStackTimeouts } from './nested-stack/nested-stack-timeouts';
import { TypeOrmNestedStackStore } from './nested-stack/typeorm-nested-stack-store';
import { ResourceTypeHookRegistry } from './resource-type-hook-registry';
import { RESOURCE_TYPE_HOOKS } from './resource-type-hooks';
import { WaitConditionHooks } from './wait-condition/wait-condition.hooks';

/**
 * The resource types with planner behaviour of their own. A new type with planner hooks adds its folder here and
 * its hooks class to TYPE_HOOKS (plus any controller or sweep of its own); nothing else in the planner changes.
 */
const TYPE_HOOKS = [WaitConditionHooks, NestedStackHooks, AutoScalingGroupHooks, LaunchConfigurationHooks];

export const RESOURCE_TYPE_CONTROLLERS = [NestedStackStatusController];

export const RESOURCE_TYPE_PROVIDERS: Provider[] = [
  ...TYPE_HOOKS,
  { provide: RESOURCE_TYPE_HOOKS, useFactory: (...hooks: unknown[]) => hooks, inject: TYPE_HOOKS },
  ResourceTypeHookRegistry,
  MemberConfigurationRounds,
  MemberConfigurations,
  NestedStackTimeouts,
  { provide: NestedStackStore, useClass: TypeOrmNestedStackStore },
];
