import { Module } from '@nestjs/common';
import { MessagingModule } from '@cfn/messaging';
import { PersistenceModule } from '@cfn/persistence';
import { AuditLogController } from './audit-log/audit-log.controller';

@Module({
  imports: [PersistenceModule.forRoot({ poolSize: 4 }), MessagingModule.forApp('audit')],
  controllers: [AuditLogController],
})
export class AuditModule {}
