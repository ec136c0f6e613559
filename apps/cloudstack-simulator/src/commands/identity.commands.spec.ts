import { javaUrlEncode, signCloudStackRequest } from '@cfn/cloudstack';

import { stableUuid } from '../catalogue/stable-uuid';
import { SimulatorHarness } from '../testing/simulator-harness';

interface Keys {
  apiKey: string;
  secretKey: string;
}

const DATE = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$/);
const UNAUTHORIZED = {
  uuidList: [],
  errorcode: 401,
  errortext: 'unable to verify user credentials and/or request signature',
};
const ROOT_ID = stableUuid('domain', 'ROOT');
const ROLE = {
  admin: stableUuid('role', 'Root Admin'),
  domainAdmin: stableUuid('role', 'Domain Admin'),
  user: stableUuid('role', 'User'),
};

// Raw HTTP, signed with one user's keys: these pin CloudStack's wire format for identity.
describe('users, keys, accounts and domains', () => {
  let h: SimulatorHarness;
  const admin: Keys = { apiKey: 'admin-api-key', secretKey: 'admin-secret-key' };
  const alice: Keys = { apiKey: 'alice-api-key', secretKey: 'alice-secret-key' };
  const aliceCi: Keys = { apiKey: 'alice-ci-api-key', secretKey: 'alice-ci-secret-key' };
  const engAdmin: Keys = { apiKey: 'eng-admin-api-key', secretKey: 'eng-admin-secret-key' };
  const bob: Keys = { apiKey: 'bob-api-key', secretKey: 'bob-secret-key' };
  const carol: Keys = { apiKey: 'carol-api-key', secretKey: 'carol-secret-key' };

  beforeAll(async () => {
    h = await SimulatorHarness.start({
      ...admin,
      accounts: [
        { name: 'alice', ...alice, users: [{ username: 'alice-ci', ...aliceCi }] },
        { name: 'eng-admin', ...engAdmin, domain: 'eng', role: 'DomainAdmin' },
        { name: 'bob', ...bob, domain: 'ROOT/eng' },
        { name: 'carol', ...carol, domain: 'ops' },
      ],
    });
  });
  afterAll(() => h.close());

  const call = async (keys: Keys, params: Record<string, string>) => {
    const all = { response: 'json', apiKey: keys.apiKey, ...params };
    const signature = signCloudStackRequest(all, keys.secretKey);
    const query = Object.entries({ ...all, signature })
      .map(([k, v]) => `${encodeURIComponent(k)}=${javaUrlEncode(v)}`)
      .join('&');
    const res = await fetch(`${h.sim.apiUrl}?${query}`);
    const body = (await res.json()) as any;
    return { status: res.status, body, answer: body[`${params.command.toLowerCase()}response`] };
  };
  /** The answer of a call that must succeed. */
  const ok = async (keys: Keys, params: Record<string, string>) => {
    const res = await call(keys, params);
    if (res.status !== 200) throw new Error(`${params.command}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.answer;
  };
  const job = async (keys: Keys, jobid: string) => {
    for (let i = 0; i < 200; i++) {
      const result = await ok(keys, { command: 'queryAsyncJobResult', jobid });
      if (result.jobstatus !== 0) return result;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('job did not finish');
  };
  const userNamed = async (username: string) =>
    (await ok(admin, { command: 'listUsers', listall: 'true', username })).user[0];
  const domainNamed = async (name: string) => (await ok(admin, { command: 'listDomains', name })).domain[0];

  it('authenticates by the user key: disabled and locked users, disabled accounts and replaced keys get 401', async () => {
    const ci = await userNamed('alice-ci');
    expect((await call(aliceCi, { command: 'listZones' })).status).toBe(200);

    const disable = await ok(admin, { command: 'disableUser', id: ci.id });
    expect(Object.keys(disable)).toEqual(['jobid']);
    const done = await job(admin, disable.jobid);
    expect(done).toMatchObject({
      jobstatus: 1,
      cmd: 'org.apache.cloudstack.api.command.admin.user.DisableUserCmd',
      jobinstancetype: 'User',
      jobinstanceid: ci.id,
      jobresult: {
        user: expect.objectContaining({ id: ci.id, username: 'alice-ci', state: 'disabled', account: 'alice' }),
      },
    });
    const refused = await call(aliceCi, { command: 'listZones' });
    expect(refused).toMatchObject({ status: 401, body: { listzonesresponse: UNAUTHORIZED } });
    // The account's other user is unaffected.
    expect((await call(alice, { command: 'listZones' })).status).toBe(200);

    const enabled = await ok(admin, { command: 'enableUser', id: ci.id });
    expect(enabled.user).toMatchObject({ id: ci.id, state: 'enabled' });
    expect((await call(aliceCi, { command: 'listZones' })).status).toBe(200);

    const locked = await ok(admin, { command: 'lockUser', id: ci.id });
    expect(locked.user.state).toBe('locked');
    expect(await call(aliceCi, { command: 'listZones' })).toMatchObject({
      status: 401,
      body: { listzonesresponse: UNAUTHORIZED },
    });
    // Locking a locked user changes nothing; alice is still enabled, so the account is too.
    expect((await ok(admin, { command: 'lockUser', id: ci.id })).user.state).toBe('locked');
    expect((await call(alice, { command: 'listZones' })).status).toBe(200);
    await ok(admin, { command: 'enableUser', id: ci.id });

    const renewed = (await ok(admin, { command: 'registerUserKeys', id: ci.id })).userkeys;
    expect(renewed).toEqual({ apikey: expect.any(String), secretkey: expect.any(String) });
    expect(renewed.apikey).not.toBe(aliceCi.apiKey);
    expect(await call(aliceCi, { command: 'listZones' })).toMatchObject({
      status: 401,
      body: { listzonesresponse: UNAUTHORIZED },
    });
    expect(
      (await call({ apiKey: renewed.apikey, secretKey: renewed.secretkey }, { command: 'listZones' })).status,
    ).toBe(200);

    const carolAccount = (await ok(admin, { command: 'listAccounts', listall: 'true', name: 'carol' })).account[0];
    const disabling = await ok(admin, { command: 'disableAccount', id: carolAccount.id, lock: 'false' });
    const disabledAccount = await job(admin, disabling.jobid);
    expect(disabledAccount.jobresult.account).toMatchObject({ id: carolAccount.id, state: 'disabled' });
    expect(await call(carol, { command: 'listZones' })).toMatchObject({
      status: 401,
      body: { listzonesresponse: UNAUTHORIZED },
    });
    expect((await ok(admin, { command: 'enableAccount', id: carolAccount.id })).account.state).toBe('enabled');
    expect((await call(carol, { command: 'listZones' })).status).toBe(200);
  });

  it('getUser: a root administrator finds the user of an API key, without its secret key', async () => {
    const { user } = await ok(admin, { command: 'getUser', userapikey: bob.apiKey });
    const eng = await domainNamed('eng');
    expect(user).toEqual({
      id: expect.any(String),
      username: 'bob',
      created: DATE,
      state: 'enabled',
      account: 'bob',
      accounttype: 0,
      usersource: 'native',
      roleid: ROLE.user,
      roletype: 'User',
      rolename: 'User',
      domainid: eng.id,
      domain: 'eng',
      apikey: bob.apiKey,
      accountid: expect.any(String),
      iscallerchilddomain: true,
      isdefault: false,
    });
    expect(JSON.stringify(user)).not.toContain(bob.secretKey);

    const unknown = await call(admin, { command: 'getUser', userapikey: 'no-such-key' });
    expect(unknown).toMatchObject({ status: 431 });
    expect(unknown.answer).toEqual({
      uuidList: [],
      errorcode: 431,
      cserrorcode: 4350,
      errortext: 'User with specified API key does not exist',
    });
    expect((await call(admin, { command: 'getUser' })).answer.errortext).toBe(
      'Unable to execute API command getuser due to missing parameter userapikey',
    );

    for (const keys of [bob, engAdmin]) {
      const refused = await call(keys, { command: 'getUser', userapikey: bob.apiKey });
      expect(refused.status).toBe(432);
      expect(refused.answer).toEqual({
        uuidList: [],
        errorcode: 432,
        cserrorcode: 9999,
        errortext: 'The API getUser does not exist or is not available for this account.',
      });
    }
    const admins = (await ok(admin, { command: 'getUser', userapikey: admin.apiKey })).user;
    expect(admins).toMatchObject({
      username: 'admin',
      accounttype: 1,
      roletype: 'Admin',
      rolename: 'Root Admin',
      domain: 'ROOT',
      isdefault: true,
    });
  });

  it('getUserKeys: users their own keys, administrators those of the users they administer', async () => {
    const bobUser = await userNamed('bob');
    const keys = await ok(admin, { command: 'getUserKeys', id: bobUser.id });
    expect(keys).toEqual({ userkeys: { apikey: bob.apiKey, secretkey: bob.secretKey } });
    expect(await ok(bob, { command: 'getUserKeys', id: bobUser.id })).toEqual(keys);
    expect(await ok(engAdmin, { command: 'getUserKeys', id: bobUser.id })).toEqual(keys);

    const denied = async (keysOf: Keys, username: string) => {
      const res = await call(keysOf, { command: 'getUserKeys', id: (await userNamed(username)).id });
      expect(res.status).toBe(531);
      expect(res.answer).toMatchObject({
        errorcode: 531,
        cserrorcode: 4365,
        errortext: expect.stringContaining('does not have permission'),
      });
    };
    await denied(bob, 'alice');
    await denied(alice, 'alice-ci'); // even within the account: only one's own keys
    await denied(engAdmin, 'carol'); // another domain
    await denied(engAdmin, 'admin'); // a root administrator's

    const unknown = await call(admin, { command: 'getUserKeys', id: 'nope' });
    expect(unknown.status).toBe(431);
    expect(unknown.answer.errortext).toContain('Invalid parameter id value=nope');
  });

  it('registerUserKeys: a new pair at once, the old key dead', async () => {
    const who = await ok(admin, {
      command: 'createAccount',
      username: 'dave',
      password: 'pw',
      email: 'd@example.com',
      firstname: 'D',
      lastname: 'Ave',
      accounttype: '0',
    });
    const dave = who.account.user[0];
    expect(dave.apikey).toBeUndefined();
    expect(await ok(admin, { command: 'getUserKeys', id: dave.id })).toEqual({ userkeys: {} });
    const first = (await ok(admin, { command: 'registerUserKeys', id: dave.id })).userkeys;
    const daveKeys = { apiKey: first.apikey, secretKey: first.secretkey };
    const second = await ok(daveKeys, { command: 'registerUserKeys', id: dave.id });
    expect(second).toEqual({ userkeys: { apikey: expect.any(String), secretkey: expect.any(String) } });
    expect((await call(daveKeys, { command: 'listZones' })).status).toBe(401);
    const current = { apiKey: second.userkeys.apikey, secretKey: second.userkeys.secretkey };
    expect((await ok(admin, { command: 'getUser', userapikey: current.apiKey })).user.id).toBe(dave.id);
    expect((await call(admin, { command: 'getUser', userapikey: daveKeys.apiKey })).status).toBe(431);
    expect((await call(current, { command: 'registerUserKeys', id: (await userNamed('bob')).id })).status).toBe(531);
  });

  it('createAccount: an account with its first user (no keys yet) in a domain, in CloudStack shape', async () => {
    const eng = await domainNamed('eng');
    const { account } = await ok(admin, {
      command: 'createAccount',
      username: 'erin',
      password: 'secret',
      email: 'erin@example.com',
      firstname: 'Erin',
      lastname: 'Example',
      accounttype: '0',
      domainid: eng.id,
      account: 'erin-team',
    });
    expect(account).toEqual({
      id: expect.any(String),
      name: 'erin-team',
      accounttype: 0,
      roleid: ROLE.user,
      roletype: 'User',
      rolename: 'User',
      domainid: eng.id,
      domain: 'eng',
      domainpath: 'ROOT/eng',
      created: DATE,
      state: 'enabled',
      isdefault: false,
      user: [
        {
          id: expect.any(String),
          username: 'erin',
          firstname: 'Erin',
          lastname: 'Example',
          email: 'erin@example.com',
          created: DATE,
          state: 'enabled',
          account: 'erin-team',
          accounttype: 0,
          usersource: 'native',
          roleid: ROLE.user,
          roletype: 'User',
          rolename: 'User',
          domainid: eng.id,
          domain: 'eng',
          accountid: account.id,
          iscallerchilddomain: true,
          isdefault: false,
        },
      ],
    });
    // Its keys make it a tenant: what it creates is the account's.
    const keys = (await ok(admin, { command: 'registerUserKeys', id: account.user[0].id })).userkeys;
    const erin = { apiKey: keys.apikey, secretKey: keys.secretkey };
    const group = (await ok(erin, { command: 'createSecurityGroup', name: 'web' })).securitygroup;
    expect(group).toMatchObject({ name: 'web', account: 'erin-team', domainid: eng.id, domain: 'eng' });
    expect((await ok(erin, { command: 'listSecurityGroups' })).securitygroup.map((g: any) => g.name).sort()).toEqual([
      'default',
      'web',
    ]);

    const byRole = await ok(engAdmin, {
      command: 'createAccount',
      username: 'frank',
      password: 'pw',
      email: 'f@example.com',
      firstname: 'F',
      lastname: 'Rank',
      roleid: ROLE.domainAdmin,
      domainid: eng.id,
    });
    expect(byRole.account).toMatchObject({
      name: 'frank',
      accounttype: 2,
      roletype: 'DomainAdmin',
      rolename: 'Domain Admin',
      domainpath: 'ROOT/eng',
    });
  });

  it('createAccount: refusals as CloudStack words them', async () => {
    const eng = await domainNamed('eng');
    const ops = await domainNamed('ops');
    const base = { command: 'createAccount', password: 'pw', email: 'x@example.com', firstname: 'X', lastname: 'Y' };
    const expectError = async (
      keys: Keys,
      params: Record<string, string>,
      errorcode: number,
      errortext: string | RegExp,
    ) => {
      const res = await call(keys, params);
      expect(res.status).toBe(errorcode);
      expect(res.answer.errortext).toEqual(
        typeof errortext === 'string' ? errortext : expect.stringMatching(errortext),
      );
    };
    await expectError(
      admin,
      { command: 'createAccount', username: 'x' },
      431,
      'Unable to execute API command createaccount due to missing parameter email',
    );
    await expectError(admin, { ...base, username: 'x' }, 431, 'Neither account type and role ID are not provided');
    await expectError(
      admin,
      { ...base, username: 'x', accounttype: '7' },
      431,
      'Invalid account type 7 given; unable to create user',
    );
    await expectError(
      admin,
      { ...base, username: 'bob', accounttype: '0', domainid: eng.id },
      431,
      `The user bob already exists in domain 2`,
    );
    await expectError(
      admin,
      { ...base, username: 'x', account: 'alice', accounttype: '0' },
      431,
      'The specified account: alice already exists',
    );
    await expectError(
      admin,
      { ...base, username: 'x', accounttype: '1', domainid: eng.id },
      431,
      'Invalid account type 1 given for an account in domain 2; unable to create user of admin role type in non-ROOT domain.',
    );
    await expectError(
      engAdmin,
      { ...base, username: 'x', accounttype: '0', domainid: ops.id },
      531,
      /does not have permission to operate within domain id=/,
    );
    await expectError(
      engAdmin,
      { ...base, username: 'x', accounttype: '0' },
      531,
      /does not have permission to operate within domain id=/,
    );
    await expectError(
      bob,
      { ...base, username: 'x', accounttype: '0' },
      432,
      'The API createAccount does not exist or is not available for this account.',
    );
    expect((await call(admin, { ...base, username: 'x', accounttype: '0', domainid: 'nope' })).status).toBe(431);
  });

  it('createUser: another user of an account, without keys until registerUserKeys', async () => {
    const { user } = await ok(admin, {
      command: 'createUser',
      account: 'alice',
      username: 'alice-ops',
      password: 'pw',
      email: 'o@example.com',
      firstname: 'O',
      lastname: 'Ps',
    });
    expect(user).toEqual({
      id: expect.any(String),
      username: 'alice-ops',
      firstname: 'O',
      lastname: 'Ps',
      email: 'o@example.com',
      created: DATE,
      state: 'enabled',
      account: 'alice',
      accounttype: 0,
      usersource: 'native',
      roleid: ROLE.user,
      roletype: 'User',
      rolename: 'User',
      domainid: ROOT_ID,
      domain: 'ROOT',
      accountid: expect.any(String),
      iscallerchilddomain: true,
      isdefault: false,
    });
    const keys = (await ok(admin, { command: 'registerUserKeys', id: user.id })).userkeys;
    const ops = { apiKey: keys.apikey, secretKey: keys.secretkey };
    const group = (await ok(ops, { command: 'createSecurityGroup', name: 'from-ops' })).securitygroup;
    expect(group.account).toBe('alice');
    expect((await ok(alice, { command: 'listSecurityGroups', securitygroupname: 'from-ops' })).count).toBe(1);

    const again = await call(admin, {
      command: 'createUser',
      account: 'alice',
      username: 'alice-ops',
      password: 'pw',
      email: 'o@example.com',
      firstname: 'O',
      lastname: 'Ps',
    });
    expect(again).toMatchObject({
      status: 530,
      answer: { errortext: 'The user alice-ops already exists in domain 1' },
    });
    const nowhere = await call(admin, {
      command: 'createUser',
      account: 'nobody',
      username: 'n',
      password: 'pw',
      email: 'n@example.com',
      firstname: 'N',
      lastname: 'O',
    });
    expect(nowhere).toMatchObject({
      status: 431,
      answer: { errortext: 'Unable to find account nobody in domain id=1 to create user' },
    });
    const eng = await domainNamed('eng');
    expect(
      (
        await call(engAdmin, {
          command: 'createUser',
          account: 'bob',
          domainid: eng.id,
          username: 'bob-2',
          password: 'pw',
          email: 'b@example.com',
          firstname: 'B',
          lastname: 'O',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(engAdmin, {
          command: 'createUser',
          account: 'alice',
          username: 'a-2',
          password: 'pw',
          email: 'a@example.com',
          firstname: 'A',
          lastname: 'O',
        })
      ).status,
    ).toBe(531);
    expect(
      (
        await call(bob, {
          command: 'createUser',
          account: 'bob',
          username: 'b-3',
          password: 'pw',
          email: 'b@example.com',
          firstname: 'B',
          lastname: 'O',
        })
      ).status,
    ).toBe(432);

    const deleted = await ok(admin, { command: 'deleteUser', id: user.id });
    expect(deleted).toEqual({ success: 'true' });
    expect((await call(ops, { command: 'listZones' })).status).toBe(401);
    const gone = await call(admin, { command: 'deleteUser', id: user.id });
    expect(gone).toMatchObject({
      status: 431,
      answer: { errortext: "The specified user doesn't exist in the system" },
    });
    const adminUser = await userNamed('admin');
    expect((await call(admin, { command: 'deleteUser', id: adminUser.id })).answer.errortext).toBe(
      "The user is default and can't be (re)moved",
    );
  });

  it('createDomain and listDomains: a tree of domains with CloudStack paths', async () => {
    const eng = await domainNamed('eng');
    const { domain } = await ok(admin, { command: 'createDomain', name: 'web', parentdomainid: eng.id });
    expect(domain).toEqual({
      id: expect.any(String),
      name: 'web',
      level: 2,
      parentdomainid: eng.id,
      parentdomainname: 'eng',
      haschild: false,
      path: 'ROOT/eng/web',
      state: 'Active',
      created: DATE,
    });
    const duplicate = await call(admin, { command: 'createDomain', name: 'web', parentdomainid: eng.id });
    expect(duplicate).toMatchObject({
      status: 431,
      answer: { errortext: 'Domain with name web already exists for the parent id=2' },
    });
    expect((await call(engAdmin, { command: 'createDomain', name: 'api', parentdomainid: eng.id })).status).toBe(200);
    expect((await call(engAdmin, { command: 'createDomain', name: 'rogue' })).status).toBe(531);
    expect((await call(bob, { command: 'createDomain', name: 'mine', parentdomainid: eng.id })).status).toBe(432);
    const top = (await ok(admin, { command: 'createDomain', name: 'sales' })).domain;
    expect(top).toMatchObject({ level: 1, parentdomainid: ROOT_ID, parentdomainname: 'ROOT', path: 'ROOT/sales' });

    const all = await ok(admin, { command: 'listDomains' });
    expect(all.domain.map((d: any) => d.path)).toEqual([
      'ROOT',
      'ROOT/eng',
      'ROOT/ops',
      'ROOT/eng/web',
      'ROOT/eng/api',
      'ROOT/sales',
    ]);
    expect(all.domain[0]).toEqual({
      id: ROOT_ID,
      name: 'ROOT',
      level: 0,
      haschild: true,
      path: 'ROOT',
      state: 'Active',
      created: DATE,
    });
    expect((await ok(engAdmin, { command: 'listDomains' })).domain.map((d: any) => d.path)).toEqual(['ROOT/eng']);
    expect((await ok(engAdmin, { command: 'listDomains', listall: 'true' })).domain.map((d: any) => d.path)).toEqual([
      'ROOT/eng',
      'ROOT/eng/web',
      'ROOT/eng/api',
    ]);
    expect((await ok(bob, { command: 'listDomains' })).domain.map((d: any) => d.path)).toEqual(['ROOT/eng']);
    expect((await call(engAdmin, { command: 'listDomains', id: ROOT_ID })).status).toBe(531);
    expect(await ok(admin, { command: 'listDomains', name: 'nowhere' })).toEqual({});
  });

  it('listUsers: a user sees only itself; administrators their account, or with listall what they administer', async () => {
    const mine = await ok(bob, { command: 'listUsers' });
    expect(mine.count).toBe(1);
    expect(mine.user[0]).toMatchObject({ username: 'bob', apikey: bob.apiKey });
    expect(mine.user[0].secretkey).toBeUndefined();
    const other = await call(bob, { command: 'listUsers', id: (await userNamed('carol')).id });
    expect(other).toMatchObject({
      status: 531,
      answer: {
        errorcode: 531,
        cserrorcode: 4365,
        errortext: 'Calling user is not authorized to see the user requested by id',
      },
    });
    const aliceOwn = await ok(alice, { command: 'listUsers' });
    expect(aliceOwn.user.map((u: any) => u.username)).toEqual(['alice']);

    const adminOwn = await ok(admin, { command: 'listUsers' });
    expect(adminOwn.user.map((u: any) => u.username)).toEqual(['admin']);
    const everyone = await ok(admin, { command: 'listUsers', listall: 'true' });
    expect(everyone.user.map((u: any) => u.username)).toEqual(
      expect.arrayContaining(['admin', 'alice', 'alice-ci', 'eng-admin', 'bob', 'carol']),
    );
    const eng = await domainNamed('eng');
    const inEng = await ok(admin, { command: 'listUsers', domainid: eng.id });
    expect(new Set(inEng.user.map((u: any) => u.domain))).toEqual(new Set(['eng']));
    const byAccount = await ok(admin, { command: 'listUsers', account: 'alice' });
    expect(byAccount.user.map((u: any) => u.account)).toEqual(expect.arrayContaining(['alice']));
    expect(new Set(byAccount.user.map((u: any) => u.account))).toEqual(new Set(['alice']));

    const engView = await ok(engAdmin, { command: 'listUsers', listall: 'true' });
    expect(new Set(engView.user.map((u: any) => u.domain))).toEqual(new Set(['eng']));
    expect(engView.user.map((u: any) => u.username)).toEqual(expect.arrayContaining(['eng-admin', 'bob']));
    expect(
      (await call(engAdmin, { command: 'listUsers', account: 'carol', domainid: (await domainNamed('ops')).id }))
        .status,
    ).toBe(531);

    expect(await ok(admin, { command: 'listUsers', listall: 'true', username: 'nobody' })).toEqual({});
    expect((await ok(admin, { command: 'listUsers', listall: 'true', state: 'enabled', username: 'bob' })).count).toBe(
      1,
    );
  });

  it('listAccounts and listRoles', async () => {
    const own = await ok(bob, { command: 'listAccounts' });
    expect(own.account.map((a: any) => a.name)).toEqual(['bob']);
    expect(own.account[0]).toMatchObject({
      accounttype: 0,
      roletype: 'User',
      domain: 'eng',
      domainpath: 'ROOT/eng',
      state: 'enabled',
    });
    expect(own.account[0].user.map((u: any) => u.username)).toEqual(expect.arrayContaining(['bob']));
    const alices = await ok(admin, { command: 'listAccounts', listall: 'true', name: 'alice' });
    expect(alices.account[0].user.map((u: any) => u.username)).toEqual(expect.arrayContaining(['alice', 'alice-ci']));
    expect((await ok(admin, { command: 'listAccounts' })).account.map((a: any) => a.name)).toEqual(['admin']);
    const engView = await ok(engAdmin, { command: 'listAccounts', listall: 'true' });
    expect(new Set(engView.account.map((a: any) => a.domain))).toEqual(new Set(['eng']));
    expect((await call(bob, { command: 'listAccounts', id: alices.account[0].id })).status).toBe(531);

    const roles = await ok(admin, { command: 'listRoles' });
    expect(roles).toEqual({
      count: 3,
      role: [
        { id: ROLE.admin, name: 'Root Admin', type: 'Admin', description: 'Default root admin role', isdefault: true },
        {
          id: ROLE.domainAdmin,
          name: 'Domain Admin',
          type: 'DomainAdmin',
          description: 'Default domain admin role',
          isdefault: true,
        },
        { id: ROLE.user, name: 'User', type: 'User', description: 'Default user role', isdefault: true },
      ],
    });
    expect((await ok(engAdmin, { command: 'listRoles' })).role.map((r: any) => r.type)).toEqual([
      'DomainAdmin',
      'User',
    ]);
    expect((await call(bob, { command: 'listRoles' })).status).toBe(432);
  });

  it('listApis shows a role only the commands it may call', async () => {
    const names = async (keys: Keys) => (await ok(keys, { command: 'listApis' })).api.map((a: any) => a.name);
    expect(await names(admin)).toEqual(
      expect.arrayContaining(['getUser', 'getUserKeys', 'createAccount', 'disableUser']),
    );
    expect((await ok(admin, { command: 'listApis', name: 'disableUser' })).api).toEqual([
      { name: 'disableUser', isasync: true },
    ]);
    const users = await names(bob);
    expect(users).toEqual(
      expect.arrayContaining(['getUserKeys', 'registerUserKeys', 'listUsers', 'deployVirtualMachine']),
    );
    expect(users).not.toContain('getUser');
    expect(users).not.toContain('createAccount');
    const domainAdmins = await names(engAdmin);
    expect(domainAdmins).toEqual(expect.arrayContaining(['createAccount', 'disableUser']));
    expect(domainAdmins).not.toContain('getUser');
  });

  it('lets a domain administrator act on the objects of the accounts in its domain, and no others', async () => {
    const eng = await domainNamed('eng');
    const bobGroup = (await ok(bob, { command: 'createSecurityGroup', name: 'bob-web' })).securitygroup;
    const carolGroup = (await ok(carol, { command: 'createSecurityGroup', name: 'carol-web' })).securitygroup;
    const seen = await ok(engAdmin, { command: 'listSecurityGroups', listall: 'true' });
    const owners = new Set(seen.securitygroup.map((g: any) => g.domain));
    expect(owners).toEqual(new Set(['eng']));
    expect(seen.securitygroup.map((g: any) => g.id)).toContain(bobGroup.id);
    expect(seen.securitygroup.map((g: any) => g.id)).not.toContain(carolGroup.id);
    const onBehalf = await ok(engAdmin, {
      command: 'createSecurityGroup',
      name: 'for-bob',
      account: 'bob',
      domainid: eng.id,
    });
    expect(onBehalf.securitygroup.account).toBe('bob');
    const outside = await call(engAdmin, {
      command: 'createSecurityGroup',
      name: 'for-carol',
      account: 'carol',
      domainid: (await domainNamed('ops')).id,
    });
    expect(outside.status).toBe(531);

    // disableUser checks in its job, as CloudStack does: a domain administrator cannot disable a user elsewhere.
    const carolUser = await userNamed('carol');
    const started = await ok(engAdmin, { command: 'disableUser', id: carolUser.id });
    const failed = await job(engAdmin, started.jobid);
    expect(failed).toMatchObject({
      jobstatus: 2,
      jobresultcode: 531,
      jobresult: { errorcode: 531, cserrorcode: 4365 },
    });
    expect((await call(carol, { command: 'listZones' })).status).toBe(200);
  });
});
