import { accountSeedsFromEnv } from '../state/account-seeds';
import { SimulatorHarness } from '../testing/simulator-harness';

describe('/simulator/accounts', () => {
  let h: SimulatorHarness;
  const post = (body: unknown) =>
    fetch(`${h.sim.url}/simulator/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    h = await SimulatorHarness.start({
      accounts: [{ name: 'seeded', apiKey: 'seeded-api-key', secretKey: 'seeded-secret-key' }],
    });
  });
  afterAll(() => h.close());

  it('creates accounts with their own keys, shown once', async () => {
    const res = await post({ name: 'erin' });
    expect(res.status).toBe(201);
    const account = (await res.json()) as any;
    expect(account).toMatchObject({
      name: 'erin',
      admin: false,
      role: 'User',
      domain: 'ROOT',
      apiKey: expect.any(String),
      secretKey: expect.any(String),
    });
    const erin = h.client(account.apiKey, account.secretKey);
    expect((await erin.listAll('listSecurityGroups', {}, 'securitygroup'))[0]).toMatchObject({
      name: 'default',
      account: 'erin',
    });
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
    await expect(h.client('seeded-api-key', 'wrong-secret-key').request('listZones')).rejects.toMatchObject({
      errorcode: 401,
    });
    expect(
      accountSeedsFromEnv({
        SIM_ACCOUNTS: '[{"name":"ops","apiKey":"ops-api-key","secretKey":"ops-secret-key","admin":true}]',
      }),
    ).toEqual([{ name: 'ops', apiKey: 'ops-api-key', secretKey: 'ops-secret-key', admin: true }]);
    expect(accountSeedsFromEnv({})).toEqual([]);
    expect(() => accountSeedsFromEnv({ SIM_ACCOUNTS: '[{"nom":"x"}]' })).toThrow(/SIM_ACCOUNTS/);
  });

  it('reads domains, roles and more users from SIM_ACCOUNTS', () => {
    const env = {
      SIM_ACCOUNTS: JSON.stringify([
        { name: 'eng-admin', domain: 'ROOT/eng', role: 'DomainAdmin' },
        {
          name: 'team',
          domain: 'eng/web',
          users: [{ username: 'ci', apiKey: 'ci-api-key', secretKey: 'ci-secret-key', email: 'ci@example.com' }],
        },
      ]),
    };
    expect(accountSeedsFromEnv(env)).toEqual([
      { name: 'eng-admin', domain: 'ROOT/eng', role: 'DomainAdmin' },
      {
        name: 'team',
        domain: 'eng/web',
        users: [{ username: 'ci', apiKey: 'ci-api-key', secretKey: 'ci-secret-key', email: 'ci@example.com' }],
      },
    ]);
    expect(() => accountSeedsFromEnv({ SIM_ACCOUNTS: '[{"name":"x","role":"Boss"}]' })).toThrow(
      /SIM_ACCOUNTS: \/0\/role/,
    );
    expect(() => accountSeedsFromEnv({ SIM_ACCOUNTS: '[{"name":"x","users":[{"name":"y"}]}]' })).toThrow(
      /SIM_ACCOUNTS/,
    );
    expect(() => accountSeedsFromEnv({ SIM_ACCOUNTS: '[{"name":"x","domain":"a//b"}]' })).toThrow(/SIM_ACCOUNTS/);
  });

  it('creates seeded domains, roles and users at start', async () => {
    const sim = await SimulatorHarness.start({
      accounts: [
        {
          name: 'eng-admin',
          apiKey: 'eng-admin-api-key',
          secretKey: 'eng-admin-secret-key',
          domain: 'eng',
          role: 'DomainAdmin',
        },
        {
          name: 'team',
          domain: 'ROOT/eng/web',
          users: [{ username: 'ci', apiKey: 'ci-api-key', secretKey: 'ci-secret-key' }],
        },
        { name: 'ops', admin: true },
      ],
    });
    try {
      const { accounts } = (await (await fetch(`${sim.sim.url}/simulator/accounts`)).json()) as any;
      const byName = Object.fromEntries(accounts.map((a: any) => [a.name, a]));
      expect(byName['eng-admin']).toMatchObject({
        role: 'DomainAdmin',
        accounttype: 2,
        admin: false,
        domain: 'ROOT/eng',
      });
      expect(byName.team).toMatchObject({ role: 'User', accounttype: 0, domain: 'ROOT/eng/web' });
      expect(byName.team.users.map((u: any) => u.username)).toEqual(['team', 'ci']);
      expect(byName.ops).toMatchObject({ role: 'Admin', accounttype: 1, admin: true, domain: 'ROOT' });
      const ci = sim.client('ci-api-key', 'ci-secret-key');
      const { user } = await sim.admin().request('getUser', { userapikey: 'ci-api-key' });
      expect(user).toMatchObject({ username: 'ci', account: 'team', domain: 'web', accounttype: 0 });
      expect((await ci.request('createSecurityGroup', { name: 'from-ci' })).securitygroup.account).toBe('team');
      const engAdmin = sim.client('eng-admin-api-key', 'eng-admin-secret-key');
      const seen = await engAdmin.listAll('listSecurityGroups', { listall: true }, 'securitygroup');
      expect(seen.map((g: any) => g.name)).toContain('from-ci');
      const { domains } = (await (await fetch(`${sim.sim.url}/simulator/domains`)).json()) as any;
      expect(domains.map((d: any) => d.path)).toEqual(['ROOT', 'ROOT/eng', 'ROOT/eng/web']);
    } finally {
      await sim.close();
    }
    await expect(SimulatorHarness.start({ accounts: [{ name: 'boss', admin: true, domain: 'eng' }] })).rejects.toThrow(
      /ROOT domain/,
    );
  });

  it('creates accounts in domains, with roles and several users, and adds users later', async () => {
    const res = await post({
      name: 'grace',
      domain: 'ROOT/research',
      role: 'DomainAdmin',
      users: [{ username: 'grace-ci' }],
    });
    expect(res.status).toBe(201);
    const grace = (await res.json()) as any;
    expect(grace).toMatchObject({
      name: 'grace',
      role: 'DomainAdmin',
      accounttype: 2,
      admin: false,
      domain: 'ROOT/research',
      state: 'enabled',
      apiKey: expect.any(String),
      secretKey: expect.any(String),
    });
    expect(grace.users).toEqual([
      expect.objectContaining({
        username: 'grace',
        apiKey: grace.apiKey,
        secretKey: grace.secretKey,
        state: 'enabled',
      }),
      expect.objectContaining({ username: 'grace-ci', apiKey: expect.any(String), secretKey: expect.any(String) }),
    ]);
    const ci = h.client(grace.users[1].apiKey, grace.users[1].secretKey);
    expect((await ci.request('listAccounts')).account[0]).toMatchObject({ name: 'grace', domainpath: 'ROOT/research' });

    const addUser = (name: string, body: unknown, query = '') =>
      fetch(`${h.sim.url}/simulator/accounts/${name}/users${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const added = await addUser('grace', {
      username: 'grace-bot',
      apiKey: 'grace-bot-api-key',
      secretKey: 'grace-bot-secret-key',
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({
      id: expect.any(String),
      username: 'grace-bot',
      account: 'grace',
      accountid: grace.id,
      domainid: grace.domainid,
      domain: 'ROOT/research',
      state: 'enabled',
      apiKey: 'grace-bot-api-key',
      secretKey: 'grace-bot-secret-key',
    });
    const bot = h.client('grace-bot-api-key', 'grace-bot-secret-key');
    // A domain administrator's users list its account's users.
    expect((await bot.request('listUsers')).user.map((u: any) => u.username)).toEqual([
      'grace',
      'grace-ci',
      'grace-bot',
    ]);
    expect((await addUser('grace', { username: 'grace-bot' })).status).toBe(409);
    expect((await addUser('grace', { username: 'x', apiKey: 'grace-bot-api-key' })).status).toBe(409);
    expect((await addUser('grace', { username: 'bad name' })).status).toBe(400);
    expect((await addUser('nobody', { username: 'x' })).status).toBe(404);
    expect((await addUser('grace', { username: 'y' }, '?domain=ROOT/elsewhere')).status).toBe(404);
    expect((await addUser('grace', { username: 'z' }, '?domain=research')).status).toBe(201);

    // Account names are unique per domain, as in CloudStack.
    expect((await post({ name: 'grace', domain: 'ROOT/other' })).status).toBe(201);
    expect((await addUser('grace', { username: 'w' })).status).toBe(400);
    expect((await post({ name: 'grace', domain: 'research' })).status).toBe(409);
    expect((await post({ name: 'x', role: 'Boss' })).status).toBe(400);
    expect((await post({ name: 'x', admin: true, role: 'User' })).status).toBe(400);
    expect((await post({ name: 'x', role: 'Admin', domain: 'research' })).status).toBe(400);
    const listed = (await (await fetch(`${h.sim.url}/simulator/accounts`)).json()) as any;
    expect(JSON.stringify(listed)).not.toContain(grace.secretKey);
  });

  it('creates domains', async () => {
    const create = (body: unknown) =>
      fetch(`${h.sim.url}/simulator/domains`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const res = await create({ path: 'ROOT/labs/gpu' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      id: expect.any(String),
      name: 'gpu',
      path: 'ROOT/labs/gpu',
      level: 2,
      parentdomainid: expect.any(String),
    });
    expect((await create({ path: 'labs/gpu' })).status).toBe(409);
    expect((await create({})).status).toBe(400);
    const { domains } = (await (await fetch(`${h.sim.url}/simulator/domains`)).json()) as any;
    expect(domains.map((d: any) => d.path)).toEqual(expect.arrayContaining(['ROOT', 'ROOT/labs', 'ROOT/labs/gpu']));
  });
});
