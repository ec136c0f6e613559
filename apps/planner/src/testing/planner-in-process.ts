import { MessageContract, MessageValidator } from '@cfn/contracts';
import { IncomingMessageMeta, InProcessUnitOfWork, PublishedMessage, RabbitContext, UnitOfWork } from '@cfn/messaging';
import { newId } from '@cfn/runtime';
import { Type } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { Test, TestingModule } from '@nestjs/testing';

import { StackExports } from '../exports/stack-exports';
import { PLANNER_CONTROLLERS, PLANNER_PROVIDERS } from '../planner-providers';
import { NestedStackStore } from '../resource-types/nested-stack/nested-stack-store';
import { StackRepository } from '../stack-engine/stack-repository';
import { InMemoryNestedStackStore } from './in-memory-nested-stack-store';
import { InMemoryStackRepository } from './in-memory-stack-repository';

/** Compiled once for every spec: what the broker's consumer checks of each message it hands a handler. */
let validator: MessageValidator | null = null;

type Handler = (payload: unknown, ctx: RabbitContext) => Promise<void>;

/** Stacks that export and import nothing: the specs of the passes leave cross-stack exports to the e2e suites. */
const NO_EXPORTS: Partial<StackExports> = {
  resolveImports: async () => ({ kind: 'resolved', values: {} }),
  publish: async () => null,
  inUse: async () => null,
  release: async () => undefined,
};

/**
 * The planner's parts wired as PLANNER_PROVIDERS wires them, over in-memory repositories and an
 * InProcessUnitOfWork: messages the planner publishes to itself are delivered to its own handlers (by their
 * @EventPattern); all are kept for the spec, which answers the requests to workers (and to the api) as they would.
 * Sweeps are not started; a spec calls what it needs.
 */
export class PlannerInProcess {
  private readonly handlers = new Map<string, Handler>();
  private readonly outgoing: PublishedMessage[] = [];

  private constructor(
    readonly module: TestingModule,
    readonly repository: InMemoryStackRepository,
    readonly unitOfWork: InProcessUnitOfWork,
  ) {
    for (const controller of PLANNER_CONTROLLERS as Array<Type<object>>) {
      const instance = module.get(controller) as Record<string, Handler>;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const method = prototype[name];
        if (typeof method !== 'function') continue;
        const patterns: unknown[] | undefined = Reflect.getMetadata(PATTERN_METADATA, method);
        for (const pattern of patterns ?? []) this.handlers.set(String(pattern), instance[name].bind(instance));
      }
    }
  }

  static async start(): Promise<PlannerInProcess> {
    const repository = new InMemoryStackRepository();
    const unitOfWork = new InProcessUnitOfWork(repository);
    const module = await Test.createTestingModule({
      controllers: PLANNER_CONTROLLERS,
      // The in-process unit of work keeps UnitOfWork's contract, not its class (which holds a DataSource).
      providers: [...PLANNER_PROVIDERS, { provide: UnitOfWork, useValue: unitOfWork }],
    })
      .overrideProvider(StackRepository)
      .useValue(repository)
      .overrideProvider(StackExports)
      .useValue(NO_EXPORTS)
      .overrideProvider(NestedStackStore)
      .useValue(new InMemoryNestedStackStore(repository))
      .compile();
    return new PlannerInProcess(module, repository, unitOfWork);
  }

  get<T>(token: Type<T>): T {
    return this.module.get(token);
  }

  /** Delivers one message to the planner's handler for it, then what the planner sends itself, until it is quiet. */
  async send<T>(contract: MessageContract<T>, payload: T): Promise<void> {
    await this.deliver(contract.routingKey, payload);
    await this.settle();
  }

  /** Delivers the messages the planner sent itself, until it sends itself no more. */
  async settle(): Promise<void> {
    for (
      let published = this.unitOfWork.takePublished();
      published.length > 0;
      published = this.unitOfWork.takePublished()
    ) {
      for (const message of published) {
        // Also kept for the spec: what the planner tells itself may be what a spec waits for (a status change).
        if (this.handlers.has(message.routingKey))
          await this.deliver(message.routingKey, message.payload, message.messageId);
        this.outgoing.push(message);
      }
    }
  }

  /** Takes the messages of `contract` the planner sent to others since last asked (in the order sent). */
  take<T>(contract: MessageContract<T>): T[] {
    const taken: T[] = [];
    for (let index = 0; index < this.outgoing.length;) {
      if (this.outgoing[index].routingKey !== contract.routingKey) {
        index++;
        continue;
      }
      taken.push(this.outgoing.splice(index, 1)[0].payload as T);
    }
    return taken;
  }

  /** Delivers a message again under the same message id (a redelivery the inbox must ignore). */
  async deliver(routingKey: string, payload: unknown, messageId = newId()): Promise<void> {
    const handler = this.handlers.get(routingKey);
    if (!handler) throw new Error(`the planner has no handler for ${routingKey}`);
    (validator ??= new MessageValidator()).assertValid(routingKey, payload);
    const meta: IncomingMessageMeta = {
      messageId,
      routingKey,
      correlationId: null,
      causationId: null,
      producer: 'spec',
      attempt: 0,
    };
    await handler(asSentOverTheWire(payload), new RabbitContext([meta]));
  }

  async close(): Promise<void> {
    await this.module.close();
  }
}

/** A body as the broker hands it over: JSON, in the realm of the code under test. */
function asSentOverTheWire<T>(payload: T): T {
  return JSON.parse(JSON.stringify(payload)) as T;
}
