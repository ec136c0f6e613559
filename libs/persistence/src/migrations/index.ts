import { InitialSchema1764072000000 } from './1764072000000-initial-schema';
import { PlannerIncrementalProgress1764158400000 } from './1764158400000-planner-incremental-progress';
import { ConfiguratorRuns1764331200000 } from './1764331200000-configurator-runs';
import { ResourceConfigurationPhase1764417600000 } from './1764417600000-resource-configuration-phase';
import { StackAvailabilityZones1764504000000 } from './1764504000000-stack-availability-zones';
import { KeyPairPrivateKeys1764590400000 } from './1764590400000-key-pair-private-keys';
import { WaitConditionSignals1764676800000 } from './1764676800000-wait-condition-signals';
import { StackUpdates1764800000000 } from './1764800000000-stack-updates';
import { ChangeSets1764800000001 } from './1764800000001-change-sets';
import { StackRollbackRequests1764800000002 } from './1764800000002-stack-rollback-requests';
import { StackLifecycle1764900000000 } from './1764900000000-stack-lifecycle';
import { WorkLeases1765000000000 } from './1765000000000-work-leases';
import { GroupMemberConfigurations1765100000000 } from './1765100000000-group-member-configurations';
import { NestedStacks1765200000000 } from './1765200000000-nested-stacks';
import { KeyPairIds1765300000000 } from './1765300000000-key-pair-ids';
import { Tenants1765400000000 } from './1765400000000-tenants';
import { SecretsAtRest1765450000000 } from './1765450000000-secrets-at-rest';
import { SsmParameters1765500000000 } from './1765500000000-ssm-parameters';

/** Every migration in order; new ones are appended here. */
export const MIGRATIONS = [
  InitialSchema1764072000000,
  PlannerIncrementalProgress1764158400000,
  ConfiguratorRuns1764331200000,
  ResourceConfigurationPhase1764417600000,
  StackAvailabilityZones1764504000000,
  KeyPairPrivateKeys1764590400000,
  WaitConditionSignals1764676800000,
  StackUpdates1764800000000,
  ChangeSets1764800000001,
  StackRollbackRequests1764800000002,
  StackLifecycle1764900000000,
  WorkLeases1765000000000,
  GroupMemberConfigurations1765100000000,
  NestedStacks1765200000000,
  KeyPairIds1765300000000,
  Tenants1765400000000,
  SecretsAtRest1765450000000,
  SsmParameters1765500000000,
];
