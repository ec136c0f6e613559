import { relayRetryDelayMs } from './outbox-relay';

describe('relayRetryDelayMs', () => {
  it('tries again at once after a lock conflict: the batch was rolled back and its events are still due', () => {
    expect(relayRetryDelayMs({ code: 'ER_LOCK_DEADLOCK', errno: 1213 })).toBeLessThan(100);
    expect(relayRetryDelayMs({ driverError: { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 } })).toBeLessThan(100);
  });

  it('gives a lost database or broker connection time to come back', () => {
    expect(relayRetryDelayMs({ code: 'PROTOCOL_CONNECTION_LOST' })).toBe(1_000);
    expect(relayRetryDelayMs(new Error('Channel closed'))).toBe(1_000);
  });
});
