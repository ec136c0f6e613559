import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

import { CallerAuthenticator } from './caller-authenticator';
import { Principal, PrincipalDirectory } from './principal-directory';

const principal: Principal = {
  secretAccessKey: 'alice-secret',
  accountId: '000000000001',
  isAdmin: false,
  owner: { userId: 'u-alice', accountName: 'team-a', domainId: 'd-root' },
  requester: { userName: 'alice', accountName: 'team-a' },
};

async function signedRequest(accessKeyId: string, secretAccessKey: string) {
  const body = 'Action=ListStacks&Version=2010-05-15';
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey },
    region: 'zone-1',
    service: 'cloudformation',
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 8000,
    path: '/',
    headers: { host: '127.0.0.1:8000', 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return {
    method: 'POST',
    path: '/',
    query: {},
    headers: signed.headers as Record<string, string>,
    body: Buffer.from(body),
  };
}

const authenticator = (found: Principal | null) =>
  new CallerAuthenticator({ find: async () => found } as unknown as PrincipalDirectory);

describe('CallerAuthenticator', () => {
  it('is the principal whose secret verifies the signature, in the region the client signed for', async () => {
    const caller = await authenticator(principal).authenticate(await signedRequest('alice-key', 'alice-secret'));
    expect(caller).toEqual({
      accessKeyId: 'alice-key',
      accountId: '000000000001',
      region: 'zone-1',
      isAdmin: false,
      owner: principal.owner,
      requester: principal.requester,
    });
    expect(caller).not.toHaveProperty('secretAccessKey');
  });

  it('refuses a bad signature before it says anything about the user', async () => {
    const refused = { ...principal, refusal: 'User alice of account team-a is disabled in CloudStack' };
    await expect(
      authenticator(refused).authenticate(await signedRequest('alice-key', 'guessed')),
    ).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    await expect(
      authenticator(refused).authenticate(await signedRequest('alice-key', 'alice-secret')),
    ).rejects.toMatchObject({ code: 'AccessDenied', httpStatus: 403, message: refused.refusal });
  });

  it('answers InvalidClientTokenId for a key nobody has', async () => {
    await expect(authenticator(null).authenticate(await signedRequest('nobody', 'x'))).rejects.toMatchObject({
      code: 'InvalidClientTokenId',
    });
  });
});
