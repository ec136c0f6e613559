import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import { ALL_CONTRACTS, contractFor } from './all-contracts';
import { MessageContract } from './message-contract';

export class InvalidMessageError extends Error {
  constructor(
    readonly routingKey: string,
    readonly problems: string,
  ) {
    super(`message ${routingKey} does not match its contract: ${problems}`);
  }
}

/** Compiles every contract's schema once and checks message bodies against it. */
export class MessageValidator {
  private readonly ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(contracts: ReadonlyArray<MessageContract<unknown>> = ALL_CONTRACTS) {
    for (const contract of contracts) this.compiled.set(contract.routingKey, this.ajv.compile(contract.schema));
  }

  /** Throws InvalidMessageError when the body breaks the contract or the routing key has none. */
  assertValid(routingKey: string, body: unknown): void {
    let validate = this.compiled.get(routingKey);
    if (!validate) {
      const contract = contractFor(routingKey);
      if (!contract) throw new InvalidMessageError(routingKey, 'no contract has this routing key');
      validate = this.ajv.compile(contract.schema);
      this.compiled.set(routingKey, validate);
    }
    if (!validate(body)) throw new InvalidMessageError(routingKey, this.ajv.errorsText(validate.errors));
  }
}
