import 'reflect-metadata';

import { startConsumerApp } from '@cfn/messaging';
import { readIntegerEnv } from '@cfn/runtime';

import { ValidatorModule } from './validator.module';

void startConsumerApp(ValidatorModule, { app: 'validator', prefetch: readIntegerEnv('VALIDATOR_PREFETCH', 10) });
