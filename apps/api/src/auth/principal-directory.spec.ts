import { CloudStackApiError, CloudStackTransportError } from '@cfn/cloudstack';
import { Credential } from '@cfn/persistence';

import { AwsError } from '../protocol';
import { CloudStackUser, CloudStackUsers } from './cloudstack-users';
import { CredentialStore } from './credential-store';
import { PrincipalDirectory } from './principal-directory';
import { TenantAccounts } from './tenant-accounts';

const alice: CloudStackUser = {
  id: 'u-alice',
  username: 'alice',
  state: 'enabled',
  account: 'team-a',
  accountid: 'acc-a',
  accounttype: 0,
  roletype: 'User',
  domain: 'ROOT',
  domainid: 'd-root',
  domainPath: 'ROOT',
  secretKey: 'alice-secret',
};

function directoryWith(
  users: Map<string, CloudStackUser | Error>,
  settings = { ttlMs: 60_000, unknownTtlMs: 5_000, maxEntries: 100 },
) {
  const asked: string[] = [];
  const credentials = {
    find: async (key: string) =>
      key === 'AKIDOPS'
        ? Object.assign(new Credential(), {
            accessKeyId: 'AKIDOPS',
            secretAccessKey: 'ops-secret',
            accountId: '123456789012',
            isAdmin: true,
          })
        : null,
  } as unknown as CredentialStore;
  const accounts = {
    numberFor: async (user: CloudStackUser) => `0000000000${user.accountid === 'acc-a' ? '01' : '02'}`,
  } as unknown as TenantAccounts;
  const cloudUsers = {
    findByApiKey: async (key: string) => {
      asked.push(key);
      const found = users.get(key);
      if (found instanceof Error) throw found;
      return found;
    },
  } as unknown as CloudStackUsers;
  return { asked, directory: new PrincipalDirectory(credentials, accounts, settings, cloudUsers) };
}

describe('PrincipalDirectory', () => {
  it("finds the service's own credentials first", async () => {
    const { asked, directory } = directoryWith(new Map());
    expect(await directory.find('AKIDOPS')).toMatchObject({
      secretAccessKey: 'ops-secret',
      accountId: '123456789012',
      isAdmin: true,
      requester: { userName: 'AKIDOPS', accountName: 'default' },
    });
    expect(asked).toEqual([]);
  });

  it('finds a CloudStack user by its API key, as the owner of the stacks it creates, and asks CloudStack once', async () => {
    const { asked, directory } = directoryWith(new Map([['alice-key', alice]]));
    const principal = await directory.find('alice-key');
    expect(principal).toEqual({
      secretAccessKey: 'alice-secret',
      accountId: '000000000001',
      isAdmin: false,
      owner: { userId: 'u-alice', accountName: 'team-a', domainId: 'd-root' },
      requester: { userName: 'alice', accountName: 'team-a', domainPath: 'ROOT', userId: 'u-alice' },
    });
    await directory.find('alice-key');
    expect(asked).toEqual(['alice-key']);
  });

  it('marks a disabled or locked user for refusal, and a root administrator as an administrator', async () => {
    const { directory } = directoryWith(
      new Map([
        ['off', { ...alice, state: 'disabled' }],
        ['locked', { ...alice, state: 'locked' }],
        ['root', { ...alice, accounttype: 1, roletype: 'Admin' }],
      ]),
    );
    expect((await directory.find('off'))?.refusal).toBe('User alice of account team-a is disabled in CloudStack');
    expect((await directory.find('locked'))?.refusal).toMatch(/is locked/);
    expect(await directory.find('root')).toMatchObject({ isAdmin: true });
  });

  it('learns again once the time to live is over, and remembers an unknown key for a shorter while', async () => {
    const users = new Map<string, CloudStackUser | Error>();
    const { asked, directory } = directoryWith(users, { ttlMs: 40, unknownTtlMs: 10, maxEntries: 100 });
    expect(await directory.find('new-key')).toBeNull();
    users.set('new-key', alice);
    expect(await directory.find('new-key')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 15));
    expect(await directory.find('new-key')).toMatchObject({ accountId: '000000000001' });
    expect(asked).toEqual(['new-key', 'new-key']);
  });

  it('answers ServiceUnavailable when CloudStack cannot be asked, and asks again next time', async () => {
    const users = new Map<string, CloudStackUser | Error>([
      ['k', new CloudStackTransportError('getUser', false, new Error('ECONNREFUSED'))],
    ]);
    const { asked, directory } = directoryWith(users);
    const failure = await directory.find('k').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AwsError);
    expect(failure).toMatchObject({ code: 'ServiceUnavailable', httpStatus: 503 });
    users.set('k', new CloudStackApiError('getUser', 530, 'internal'));
    await expect(directory.find('k')).rejects.toMatchObject({ code: 'ServiceUnavailable' });
    expect(asked).toEqual(['k', 'k']);
  });
});
