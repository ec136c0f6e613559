import { Transaction, UnitOfWork } from '@cfn/messaging';
import { isDuplicateKeyError } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, tokenAlreadyExists } from '../protocol';

/** What `once` did: ran the effect, or found that this very request had already been acted on. */
export type TokenOutcome = 'acted' | 'repeated';

/**
 * Makes a mutating action idempotent under its ClientRequestToken, for any action (DeleteStack, UpdateStack,
 * ExecuteChangeSet, ...). The token is recorded in the same transaction as the action's effect, so either both
 * happen or neither: a retried request (same token, same action, same stack) does nothing a second time, and a
 * token reused for another action or stack is refused with TokenAlreadyExistsException, as AWS does.
 */
@Injectable()
export class ClientRequestTokens {
  constructor(@Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork) {}

  /**
   * True when this very request (token, action, stack) was already acted on: a retry is answered as the first
   * call was, before the checks that the first call's effect would now fail (e.g. "is in UPDATE_IN_PROGRESS state").
   * A token used for another action or stack is refused.
   */
  async seen(caller: CallerIdentity, action: string, token: string | undefined, stackId: string): Promise<boolean> {
    if (token === undefined) return false;
    const [earlier]: Array<{ action: string; stack_id: string }> = await this.unitOfWork.dataSource.query(
      'SELECT action, stack_id FROM client_request_tokens WHERE account_id = ? AND token = ?',
      [caller.accountId, token],
    );
    if (!earlier) return false;
    if (earlier.action !== action || earlier.stack_id !== stackId) {
      throw tokenAlreadyExists(`Another ${earlier.action} request with token ${token} is already in use`);
    }
    return true;
  }

  async once(
    caller: CallerIdentity,
    action: string,
    token: string | undefined,
    stackId: string,
    effect: (tx: Transaction) => Promise<void>,
  ): Promise<TokenOutcome> {
    if (token === undefined) {
      await this.unitOfWork.run(null, effect);
      return 'acted';
    }
    try {
      await this.unitOfWork.run(null, async (tx) => {
        await tx.manager.query(
          'INSERT INTO client_request_tokens (account_id, token, action, stack_id, created_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(3))',
          [caller.accountId, token, action, stackId],
        );
        await effect(tx);
      });
      return 'acted';
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const [earlier]: Array<{ action: string; stack_id: string }> = await this.unitOfWork.dataSource.query(
        'SELECT action, stack_id FROM client_request_tokens WHERE account_id = ? AND token = ?',
        [caller.accountId, token],
      );
      if (!earlier) throw error;
      if (earlier.action !== action || earlier.stack_id !== stackId) {
        throw tokenAlreadyExists(`Another ${earlier.action} request with token ${token} is already in use`);
      }
      return 'repeated';
    }
  }
}
