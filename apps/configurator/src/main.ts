import 'reflect-metadata';

import { startConsumerApp } from '@cfn/messaging';

import { ConfiguratorModule } from './configurator.module';
import { readConfiguratorSettings } from './configurator-settings';

// A configuration handler mostly waits on SSH; the prefetch bounds how many VMs one process has in hand at once
// (CONFIGURATOR_MAX_HOSTS bounds how many it works on). Run more replicas to go wider.
void startConsumerApp(ConfiguratorModule, { app: 'configurator', prefetch: readConfiguratorSettings().prefetch });
