import { MessagingModule } from '@cfn/messaging';
import { PersistenceModule } from '@cfn/persistence';
import { Module } from '@nestjs/common';

import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLogWriter } from './audit-log/audit-log-writer';

@Module({
  imports: [PersistenceModule.forRoot({ poolSize: 4 }), MessagingModule.forApp('audit')],
  controllers: [AuditLogController],
  providers: [AuditLogWriter],
})
export class AuditModule {}
