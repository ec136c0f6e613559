import 'reflect-metadata';

import { startConsumerApp } from '@cfn/messaging';
import { lowerOwnCpuPriority, readIntegerEnv } from '@cfn/runtime';

import { AuditModule } from './audit.module';

// Nobody waits on the audit trail: where services share cores, the ones a stack waits on go first (ADR 42).
lowerOwnCpuPriority(readIntegerEnv('AUDIT_NICE', 10));

// Bound to '#': every domain event on the exchange reaches the audit queue.
void startConsumerApp(AuditModule, {
  app: 'audit',
  prefetch: readIntegerEnv('AUDIT_PREFETCH', 50),
  extraBindings: ['#'],
  fallbackPattern: '#',
});
