import 'reflect-metadata';

import { startConsumerApp } from '@cfn/messaging';
import { readIntegerEnv } from '@cfn/runtime';
import express from 'express';

import { ApiModule } from './api.module';

void startConsumerApp(ApiModule, {
  app: 'api',
  prefetch: readIntegerEnv('API_PREFETCH', 20),
  http: {
    host: process.env.CFN_API_HOST ?? '127.0.0.1',
    port: readIntegerEnv('CFN_API_PORT', 8000),
    // SigV4 covers the exact bytes of the body, so it is read raw (1 MB fits a URL-sized template, encoded).
    configure: (app) => app.use(express.raw({ type: () => true, limit: '4mb' })),
  },
});
