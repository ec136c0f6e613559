import { randomUUID } from 'node:crypto';

import { MessageValidator, ResourceCreateSucceeded, ResourceUpdateSucceeded } from '@cfn/contracts';
import type { Transaction } from '@cfn/messaging';

import { publishOutcome } from './operation-outcome';

/** A transaction that keeps what is published, checked against its contract as the relay would. */
function recordingTx(published: Array<{ routingKey: string; body: Record<string, unknown> }>): Transaction {
  const validator = new MessageValidator();
  return {
    publish: async (contract: { routingKey: string }, body: Record<string, unknown>) => {
      validator.assertValid(contract.routingKey, body);
      published.push({ routingKey: contract.routingKey, body });
    },
  } as unknown as Transaction;
}

describe('publishOutcome', () => {
  const request = { operationId: randomUUID(), stackId: randomUUID(), logicalId: 'Web' };

  it("carries a plugin's note to the planner (for the stack's events) on create and update", async () => {
    const published: Array<{ routingKey: string; body: Record<string, unknown> }> = [];
    const note =
      "Instance type t2.micro (1 vCPU, 1024 MiB): service offering 'Medium Instance' (1 CPU, 1024 MiB), the smallest that fits";
    await publishOutcome(recordingTx(published), request, {
      kind: 'created',
      physicalId: 'vm-1',
      attributes: {},
      note,
    });
    await publishOutcome(recordingTx(published), request, {
      kind: 'updated',
      physicalId: 'vm-1',
      attributes: {},
      note,
    });
    expect(published.map((message) => [message.routingKey, message.body.note])).toEqual([
      [ResourceCreateSucceeded.routingKey, note],
      [ResourceUpdateSucceeded.routingKey, note],
    ]);
  });

  it('leaves the note out when the plugin had nothing to say', async () => {
    const published: Array<{ routingKey: string; body: Record<string, unknown> }> = [];
    await publishOutcome(recordingTx(published), request, {
      kind: 'created',
      physicalId: 'vm-1',
      attributes: {},
      note: undefined,
    });
    expect(published[0].body).not.toHaveProperty('note');
  });
});
