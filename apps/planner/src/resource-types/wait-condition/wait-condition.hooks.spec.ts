import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { ResourcePropertyError } from '@cfn/resources';

import { StoredSignal } from '../../creation-policy/stack-signals';
import { WaitConditionHooks } from './wait-condition.hooks';

describe('WaitConditionHooks', () => {
  const hooks = new WaitConditionHooks();
  const stack = { id: 's1' } as Stack;
  const handle = 'https://cfn.example/waitcondition/s1/Handle?sig=x';
  const waitCondition = {
    logicalId: 'Wait',
    properties: { Handle: handle, Count: 2, Timeout: 60 },
  } as unknown as StackResource;
  const txWith = (signals: Array<Partial<StoredSignal>>) =>
    ({ manager: { query: async () => signals } }) as unknown as Transaction;

  it('starts waiting until its Timeout, and refuses a handle that is not one of ours', async () => {
    const started = await hooks.handleCreate(txWith([]), stack, waitCondition, { Handle: handle, Timeout: 60 });
    expect(started.awaiting).toBe(true);
    expect(started.changes.phase).toBe('AWAITING_SIGNALS');
    await expect(
      hooks.handleCreate(txWith([]), stack, waitCondition, { Handle: 'http://elsewhere', Timeout: 60 }),
    ).rejects.toBeInstanceOf(ResourcePropertyError);
  });

  it('completes with Count SUCCESS signals, keeping their data by UniqueId', async () => {
    expect(
      await hooks.checkCreateComplete(txWith([{ unique_id: 'a', status: 'SUCCESS', data: '1' }]), stack, waitCondition),
    ).toBeNull();
    const done = await hooks.checkCreateComplete(
      txWith([
        { unique_id: 'a', status: 'SUCCESS', data: '1' },
        { unique_id: 'b', status: 'SUCCESS', data: '2' },
      ]),
      stack,
      waitCondition,
    );
    expect(done).toEqual({
      complete: { physicalId: handle, attributes: { Data: JSON.stringify({ a: '1', b: '2' }) } },
    });
  });

  it('fails on a FAILURE signal and words its timeout as AWS does', async () => {
    const failed = await hooks.checkCreateComplete(
      txWith([{ unique_id: 'a', status: 'FAILURE', reason: 'boom' }]),
      stack,
      waitCondition,
    );
    expect(failed).toEqual({ failed: "WaitCondition received failed message: 'boom' for uniqueId: a" });
    expect(await hooks.timedOut(txWith([{ unique_id: 'a', status: 'SUCCESS' }]), stack, waitCondition)).toBe(
      'WaitCondition timed out. Received 1 conditions when expecting 2',
    );
  });

  it('listens to its own handle only', () => {
    expect(hooks.listensTo(waitCondition, 'Handle')).toBe(true);
    expect(hooks.listensTo(waitCondition, 'Other')).toBe(false);
  });
});
