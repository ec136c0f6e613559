import { StackDeleteRequested, StackDeleteRequestedV1, StackStatusChanged, StackStatusChangedV1 } from '@cfn/contracts';
import { RabbitContext } from '@cfn/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { DeliveryLog } from './delivery-log';

/** The suite's consumer: hands every delivery of the two contracts it listens to over to the DeliveryLog. */
@Controller()
export class RecordingController {
  constructor(@Inject(DeliveryLog) private readonly log: DeliveryLog) {}

  @EventPattern(StackStatusChanged.routingKey)
  statusChanged(@Payload() body: StackStatusChangedV1, @Ctx() context: RabbitContext): Promise<void> {
    return this.log.receive({ routingKey: StackStatusChanged.routingKey, body, meta: context.meta });
  }

  @EventPattern(StackDeleteRequested.routingKey)
  deleteRequested(@Payload() body: StackDeleteRequestedV1, @Ctx() context: RabbitContext): Promise<void> {
    return this.log.receive({ routingKey: StackDeleteRequested.routingKey, body, meta: context.meta });
  }
}
