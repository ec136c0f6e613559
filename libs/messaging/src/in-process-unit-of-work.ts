import { MessageContract, MessageValidator } from '@cfn/contracts';
import { newId } from '@cfn/runtime';
import { EntityManager } from 'typeorm';

import { IncomingMessageMeta } from './message-context';
import { BatchTransaction, Transaction } from './unit-of-work';

/** A message a unit of work published (in the order published), as the relay would send it. */
export interface PublishedMessage {
  messageId: string;
  routingKey: string;
  payload: unknown;
  correlationId: string | null;
  causationId: string | null;
}

/** In-memory state a unit of work changes: `snapshot` returns how to put it back when the work throws. */
export interface RollbackableState {
  snapshot(): () => void;
}

/** Compiling every contract costs tens of milliseconds: one validator for all in-process units of work. */
let sharedValidator: MessageValidator | null = null;

/**
 * UnitOfWork's contract without a database or a broker, for unit specs of handlers: the same inbox (a message id is
 * applied once), outbox (bodies checked against their contracts with Ajv when published, kept only if the work
 * commits) and beforeCommit steps; a work that throws publishes nothing and puts `state` back. `manager` is not
 * there: code under test that reaches past its repositories into the database fails loudly.
 *
 * Works run one at a time, in the order started, as the stack row's lock would order them.
 */
export class InProcessUnitOfWork {
  private readonly inbox = new Set<string>();
  private readonly outbox: PublishedMessage[] = [];
  private readonly validator = (sharedValidator ??= new MessageValidator());
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly state: RollbackableState = { snapshot: () => () => undefined }) {}

  get dataSource(): never {
    throw new Error('an in-process unit of work has no data source');
  }

  /** False when `incoming` was applied before (nothing was done). */
  run(incoming: IncomingMessageMeta | null, work: (tx: Transaction) => Promise<void>): Promise<boolean> {
    return this.serialised(async () => {
      if (incoming && this.inbox.has(incoming.messageId)) return false;
      await this.transaction(incoming ? [incoming] : [], (tx) => work(tx));
      return true;
    });
  }

  runMany(
    incoming: IncomingMessageMeta[],
    work: (tx: BatchTransaction, fresh: IncomingMessageMeta[]) => Promise<void>,
  ): Promise<void> {
    return this.serialised(async () => {
      const fresh = incoming.filter(
        (meta, index) =>
          !this.inbox.has(meta.messageId) &&
          incoming.findIndex((other) => other.messageId === meta.messageId) === index,
      );
      await this.transaction(fresh, async (tx) => {
        if (fresh.length > 0) await work(tx, fresh);
      });
    });
  }

  /** Takes the messages committed so far out of the outbox (the relay's part). */
  takePublished(): PublishedMessage[] {
    return this.outbox.splice(0);
  }

  private async transaction(
    incoming: IncomingMessageMeta[],
    work: (tx: BatchTransaction) => Promise<void>,
  ): Promise<void> {
    const restore = this.state.snapshot();
    const published: PublishedMessage[] = [];
    const steps: Array<() => Promise<void>> = [];
    let current: IncomingMessageMeta | null = incoming[0] ?? null;
    const validator = this.validator;
    const tx: BatchTransaction = {
      get manager(): EntityManager {
        throw new Error('an in-process transaction has no entity manager: read and write through a repository');
      },
      beforeCommit: (step) => {
        steps.push(step);
      },
      handling: (meta) => {
        current = meta;
      },
      publish: async <T>(contract: MessageContract<T>, payload: T, correlationId?: string | null) => {
        validator.assertValid(contract.routingKey, payload);
        published.push({
          messageId: newId(),
          routingKey: contract.routingKey,
          payload: asSentOverTheWire(payload),
          correlationId: correlationId ?? current?.correlationId ?? null,
          causationId: current?.messageId ?? null,
        });
      },
    };
    try {
      await work(tx);
      for (const step of steps) await step();
    } catch (error) {
      restore();
      throw error;
    }
    for (const meta of incoming) this.inbox.add(meta.messageId);
    this.outbox.push(...published);
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** A body as the broker hands it over: JSON, in the realm of the code under test. */
function asSentOverTheWire<T>(payload: T): T {
  return JSON.parse(JSON.stringify(payload)) as T;
}
