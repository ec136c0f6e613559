import { RabbitContext } from '@cfn/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { AuditLogWriter } from './audit-log-writer';
import { maskAuditPayload } from './audit-payload-masking';
import { requesterOf } from './requester-of';

/**
 * Appends every domain event to the audit log; the unique message id makes a redelivery a no-op.
 * NoEcho values never reach it (see maskAuditPayload).
 */
@Controller()
export class AuditLogController {
  constructor(@Inject(AuditLogWriter) private readonly writer: AuditLogWriter) {}

  @EventPattern('#')
  async record(@Payload() payload: unknown, @Ctx() ctx: RabbitContext): Promise<void> {
    const { meta } = ctx;
    await this.writer.append({
      messageId: meta.messageId,
      routingKey: meta.routingKey,
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      producer: meta.producer,
      payload: maskAuditPayload(payload) as object,
      requestedBy: requesterOf(payload),
      receivedAt: new Date(),
    });
  }
}
