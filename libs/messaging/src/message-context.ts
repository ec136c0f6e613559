import { BaseRpcContext } from '@nestjs/microservices';

/** What a handler knows about the message it is handling, besides the body. */
export interface IncomingMessageMeta {
  messageId: string;
  routingKey: string;
  /** The stack id for stack-scoped events. */
  correlationId: string | null;
  causationId: string | null;
  producer: string | null;
  /** 0 for the first delivery, then 1, 2 ... for each retry through a delay queue. */
  attempt: number;
}

export class RabbitContext extends BaseRpcContext<[IncomingMessageMeta]> {
  /** What the handler threw, as it threw it (set by HandlerFailureFilter). */
  failure: unknown = undefined;

  get meta(): IncomingMessageMeta {
    return this.getArgByIndex(0);
  }
}
