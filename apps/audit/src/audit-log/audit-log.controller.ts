import { Controller, Inject } from '@nestjs/common';
import { RabbitContext } from '@cfn/messaging';
import { AuditRecord } from '@cfn/persistence';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { maskAuditPayload } from './audit-payload-masking';

/**
 * Appends every domain event to the audit log; the unique message id makes a redelivery a no-op.
 * NoEcho values never reach it (see maskAuditPayload).
 */
@Controller()
export class AuditLogController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @EventPattern('#')
  async record(@Payload() payload: unknown, @Ctx() ctx: RabbitContext): Promise<void> {
    const { meta } = ctx;
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(AuditRecord)
      .values({
        messageId: meta.messageId,
        routingKey: meta.routingKey,
        correlationId: meta.correlationId,
        causationId: meta.causationId,
        producer: meta.producer,
        payload: maskAuditPayload(payload) as object,
        receivedAt: new Date(),
      })
      .orIgnore()
      .execute();
  }
}
