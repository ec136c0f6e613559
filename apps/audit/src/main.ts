import 'reflect-metadata';
import { startConsumerApp } from '@cfn/messaging';
import { readIntegerEnv } from '@cfn/runtime';
import { AuditModule } from './audit.module';

// Bound to '#': every domain event on the exchange reaches the audit queue.
void startConsumerApp(AuditModule, {
  app: 'audit',
  prefetch: readIntegerEnv('AUDIT_PREFETCH', 50),
  extraBindings: ['#'],
  fallbackPattern: '#',
});
