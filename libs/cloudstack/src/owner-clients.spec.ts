import { CloudStackClient } from './cloudstack-client';
import { CloudStackApiError } from './errors';
import { OwnerClients, OwnerNotFoundError, UserKeys } from './owner-clients';

/** An administrator client that answers getUserKeys from a table the test changes. */
function adminAnswering(keysByUser: Map<string, UserKeys>) {
  const calls: string[] = [];
  const admin = {
    request: async (command: string, params: { id: string }) => {
      calls.push(`${command} ${params.id}`);
      const keys = keysByUser.get(params.id);
      if (!keys) throw new CloudStackApiError(command, 431, `Unable to find user by id ${params.id}`, 4350);
      return { userkeys: { apikey: keys.apiKey, secretkey: keys.secretKey } };
    },
  } as unknown as CloudStackClient;
  return { admin, calls };
}

describe('OwnerClients', () => {
  let clock = 0;
  const keys = new Map<string, UserKeys>();
  const made: UserKeys[] = [];
  const clientWithKeys = (k: UserKeys) => (made.push(k), { keys: k } as unknown as CloudStackClient);

  beforeEach(() => {
    clock = 0;
    made.length = 0;
    keys.clear();
    keys.set('u1', { apiKey: 'a1', secretKey: 's1' });
  });

  it('acts as the administrator for stacks without an owner', async () => {
    const { admin, calls } = adminAnswering(keys);
    const clients = new OwnerClients(admin, clientWithKeys);
    expect(await clients.forOwner(undefined)).toBe(admin);
    expect(calls).toEqual([]);
  });

  it("fetches an owner's keys once per time to live and keeps its client while they stay the same", async () => {
    const { admin, calls } = adminAnswering(keys);
    const clients = new OwnerClients(admin, clientWithKeys, { keysTtlMs: 1_000, now: () => clock });
    const first = await clients.forOwner({ userId: 'u1' });
    expect(await clients.forOwner({ userId: 'u1' })).toBe(first);
    expect(calls).toEqual(['getUserKeys u1']);
    clock = 1_000;
    expect(await clients.forOwner({ userId: 'u1' })).toBe(first);
    expect(calls).toEqual(['getUserKeys u1', 'getUserKeys u1']);
    expect(made).toEqual([{ apiKey: 'a1', secretKey: 's1' }]);
  });

  it('uses regenerated keys once the old ones are forgotten or expired', async () => {
    const { admin } = adminAnswering(keys);
    const clients = new OwnerClients(admin, clientWithKeys, { keysTtlMs: 1_000, now: () => clock });
    const first = await clients.forOwner({ userId: 'u1' });
    keys.set('u1', { apiKey: 'a2', secretKey: 's2' });
    clients.forget('u1');
    const second = await clients.forOwner({ userId: 'u1' });
    expect(second).not.toBe(first);
    expect(made.at(-1)).toEqual({ apiKey: 'a2', secretKey: 's2' });
  });

  it('says the owner is gone when CloudStack no longer knows the user, and cleans up as the administrator', async () => {
    const { admin, calls } = adminAnswering(keys);
    const clients = new OwnerClients(admin, clientWithKeys);
    await expect(clients.forOwner({ userId: 'gone' })).rejects.toBeInstanceOf(OwnerNotFoundError);
    expect(await clients.forCleanUp({ userId: 'gone' })).toBe(admin);
    // A failed fetch is not cached.
    expect(calls).toEqual(['getUserKeys gone', 'getUserKeys gone']);
  });

  it('passes other failures on', async () => {
    const admin = {
      request: async () => {
        throw new CloudStackApiError('getUserKeys', 530, 'boom');
      },
    } as unknown as CloudStackClient;
    const clients = new OwnerClients(admin, clientWithKeys);
    await expect(clients.forCleanUp({ userId: 'u1' })).rejects.toThrow(/boom/);
  });
});
