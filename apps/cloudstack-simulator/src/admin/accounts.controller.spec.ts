import { accountSeedsFromEnv } from '../state/account-seeds';
import { SimulatorHarness } from '../testing/simulator-harness';

describe('/simulator/accounts', () => {
  let h: SimulatorHarness;
  const post = (body: unknown) =>
    fetch(`${h.sim.url}/simulator/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    h = await SimulatorHarness.start({ accounts: [{ name: 'seeded', apiKey: 'seeded-api-key', secretKey: 'seeded-secret-key' }] });
  });
  afterAll(() => h.close());

  it('creates accounts with their own keys, shown once', async () => {
    const res = await post({ name: 'erin' });
    expect(res.status).toBe(201);
    const account = (await res.json()) as any;
    expect(account).toMatchObject({ name: 'erin', admin: false, apiKey: expect.any(String), secretKey: expect.any(String) });
    const erin = h.client(account.apiKey, account.secretKey);
    expect((await erin.listAll('listSecurityGroups', {}, 'securitygroup'))[0]).toMatchObject({ name: 'default', account: 'erin' });
    const listed = (await (await fetch(`${h.sim.url}/simulator/accounts`)).json()) as any;
    expect(listed.accounts.map((a: { name: string }) => a.name)).toEqual(['admin', 'seeded', 'erin']);
    expect(JSON.stringify(listed)).not.toContain(account.secretKey);
    expect((await post({ name: 'erin' })).status).toBe(409);
    expect((await post({ name: 'bad name' })).status).toBe(400);
    expect((await post({ name: 'x', apiKey: 'seeded-api-key' })).status).toBe(409);
  });

  it('seeds accounts from options and from SIM_ACCOUNTS', async () => {
    const seeded = h.client('seeded-api-key', 'seeded-secret-key');
    expect((await seeded.request('listZones')).count).toBe(1);
    await expect(h.client('seeded-api-key', 'wrong-secret-key').request('listZones')).rejects.toMatchObject({ errorcode: 401 });
    expect(accountSeedsFromEnv({ SIM_ACCOUNTS: '[{"name":"ops","apiKey":"ops-api-key","secretKey":"ops-secret-key","admin":true}]' })).toEqual([
      { name: 'ops', apiKey: 'ops-api-key', secretKey: 'ops-secret-key', admin: true },
    ]);
    expect(accountSeedsFromEnv({})).toEqual([]);
    expect(() => accountSeedsFromEnv({ SIM_ACCOUNTS: '[{"nom":"x"}]' })).toThrow(/SIM_ACCOUNTS/);
  });
});
