import { signCloudStackRequest } from '@cfn/cloudstack';

import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { resolveSimulatorOptions } from '../simulator-options';
import { AccountRegistry } from '../state/account-registry';
import { SimulatorState } from '../state/simulator-state';
import { RequestVerifier } from './request-verifier';

describe('RequestVerifier: API keys are the keys of users', () => {
  const setUp = () => {
    const options = resolveSimulatorOptions({
      apiKey: 'admin-api-key',
      secretKey: 'admin-secret-key',
      accounts: [
        {
          name: 'alice',
          apiKey: 'alice-api-key',
          secretKey: 'alice-secret-key',
          users: [{ username: 'ci', apiKey: 'ci-api-key', secretKey: 'ci-secret-key' }],
        },
      ],
    });
    const accounts = new AccountRegistry(new SimulatorState(), new SimulatorCatalogue(), options);
    return { accounts, verifier: new RequestVerifier(accounts) };
  };
  const signed = (apiKey: string, secretKey: string) => {
    const params = { command: 'listZones', response: 'json', apiKey };
    return { ...params, signature: signCloudStackRequest(params, secretKey) };
  };

  it('finds the user whose keys signed, and its account', () => {
    const { accounts, verifier } = setUp();
    const caller = verifier.authenticate(signed('ci-api-key', 'ci-secret-key'));
    expect(caller?.user.username).toBe('ci');
    expect(caller?.account.name).toBe('alice');
    expect(caller?.account).toBe(accounts.findByName('alice'));
    expect(verifier.authenticate(signed('ci-api-key', 'alice-secret-key'))).toBeUndefined();
    expect(verifier.authenticate(signed('admin-api-key', 'admin-secret-key'))?.account.isAdmin).toBe(true);
  });

  it('refuses users not enabled, accounts not enabled, deleted users and replaced keys', () => {
    const { accounts, verifier } = setUp();
    const ci = accounts.findUserByApiKey('ci-api-key')!;
    const alice = accounts.accountOf(ci);
    for (const state of ['disabled', 'locked'] as const) {
      accounts.setUserState(ci, state);
      expect(verifier.authenticate(signed('ci-api-key', 'ci-secret-key'))).toBeUndefined();
      expect(verifier.authenticate(signed('alice-api-key', 'alice-secret-key'))).toBeDefined();
      accounts.setUserState(ci, 'enabled');
      accounts.setAccountState(alice, state);
      expect(verifier.authenticate(signed('ci-api-key', 'ci-secret-key'))).toBeUndefined();
      accounts.setAccountState(alice, 'enabled');
    }
    accounts.registerKeys(ci);
    expect(verifier.authenticate(signed('ci-api-key', 'ci-secret-key'))).toBeUndefined();
    expect(verifier.authenticate(signed(ci.apiKey!, ci.secretKey!))?.user).toBe(ci);
    const renewed = { apiKey: ci.apiKey!, secretKey: ci.secretKey! };
    accounts.removeUser(ci);
    expect(verifier.authenticate(signed(renewed.apiKey, renewed.secretKey))).toBeUndefined();
    expect(accounts.findUserByApiKey(renewed.apiKey)).toBeUndefined();
  });

  it('refuses a user without keys (created by createAccount/createUser until registerUserKeys)', () => {
    const { accounts, verifier } = setUp();
    const alice = accounts.findByName('alice')!;
    const bare = accounts.addUser(alice, { username: 'bare', withKeys: false });
    expect(bare.apiKey).toBeUndefined();
    expect(verifier.authenticate({ command: 'listZones', apiKey: 'undefined', signature: 'x' })).toBeUndefined();
    accounts.registerKeys(bare);
    expect(verifier.authenticate(signed(bare.apiKey!, bare.secretKey!))?.user).toBe(bare);
  });
});
