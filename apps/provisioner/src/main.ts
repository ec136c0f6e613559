import 'reflect-metadata';

import { startConsumerApp } from '@cfn/messaging';
import { readIntegerEnv } from '@cfn/runtime';

import { ProvisionerModule } from './provisioner.module';

// A provisioner handler waits on CloudStack jobs for seconds or minutes, mostly idle: the prefetch is how many
// cloud operations one process keeps in flight at once. Run more replicas to go wider.
void startConsumerApp(ProvisionerModule, { app: 'provisioner', prefetch: readIntegerEnv('PROVISIONER_PREFETCH', 500) });
