import { MessageContract } from '@cfn/contracts';
import { IncomingMessageMeta } from '@cfn/messaging';

export interface Delivery {
  routingKey: string;
  body: { stackId: string };
  meta: IncomingMessageMeta;
}

export type Reaction = (delivery: Delivery) => Promise<void> | void;

/**
 * Everything the suite's handlers received, and how each test wants them to react. Reactions are keyed by
 * contract and stack id, so every test works on its own fresh stack id and never sees another test's messages.
 */
export class DeliveryLog {
  private readonly deliveries: Delivery[] = [];
  private readonly reactions = new Map<string, Reaction>();

  reactTo(contract: MessageContract<unknown>, stackId: string, reaction: Reaction): void {
    this.reactions.set(`${contract.routingKey} ${stackId}`, reaction);
  }

  async receive(delivery: Delivery): Promise<void> {
    this.deliveries.push(delivery);
    await this.reactions.get(`${delivery.routingKey} ${delivery.body.stackId}`)?.(delivery);
  }

  about(contract: MessageContract<unknown>, stackId: string): Delivery[] {
    return this.deliveries.filter((d) => d.routingKey === contract.routingKey && d.body.stackId === stackId);
  }
}
