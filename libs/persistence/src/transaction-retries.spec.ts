import { withTransactionRetries } from './transaction-retries';

const deadlock = () => Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK' });
const fast = { firstDelayMs: 1, maxDelayMs: 2 };

describe('withTransactionRetries', () => {
  it('runs a transaction again after a deadlock or a lost connection, and returns what it returned', async () => {
    let runs = 0;
    const result = await withTransactionRetries(async () => {
      runs++;
      if (runs === 1) throw deadlock();
      if (runs === 2) throw Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' });
      return 'committed';
    }, fast);
    expect(result).toBe('committed');
    expect(runs).toBe(3);
  });

  it('leaves other failures to the caller at once', async () => {
    let runs = 0;
    await expect(
      withTransactionRetries(async () => {
        runs++;
        throw Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' });
      }, fast),
    ).rejects.toThrow('Duplicate entry');
    expect(runs).toBe(1);
  });

  it('gives up after the attempts it was given, with the last error', async () => {
    let runs = 0;
    await expect(
      withTransactionRetries(
        async () => {
          runs++;
          throw deadlock();
        },
        { ...fast, attempts: 3 },
      ),
    ).rejects.toThrow('Deadlock');
    expect(runs).toBe(3);
  });

  it('also runs again on the failures the caller names', async () => {
    class Race extends Error {}
    let runs = 0;
    const result = await withTransactionRetries(
      async () => {
        if (++runs < 3) throw new Race('lost a race');
        return runs;
      },
      { ...fast, alsoRetry: (error) => error instanceof Race },
    );
    expect(result).toBe(3);
  });
});
