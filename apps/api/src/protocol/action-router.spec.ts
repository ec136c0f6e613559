import { CallerIdentity, QueryActionRouter } from './action-router';
import { AwsError } from './aws-error';

const caller: CallerIdentity = {
  accessKeyId: 'AK',
  accountId: '000000000001',
  region: 'zone-1',
  isAdmin: false,
  requester: { userName: 'AK', accountName: 'default' },
};

async function rejection(promise: Promise<unknown>): Promise<AwsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AwsError);
    return error as AwsError;
  }
  throw new Error('expected a rejection');
}

describe('QueryActionRouter', () => {
  const router = new QueryActionRouter()
    .register('DescribeStacks', async (params, who) => ({ Echo: params.StackName, Account: who.accountId }))
    .register('DeleteStack', async () => undefined);

  it('dispatches by Action and passes params and caller', async () => {
    await expect(
      router.dispatch({ Action: 'DescribeStacks', Version: '2010-05-15', StackName: 's' }, caller),
    ).resolves.toEqual({ action: 'DescribeStacks', result: { Echo: 's', Account: '000000000001' } });
    await expect(router.dispatch({ Action: 'DeleteStack' }, caller)).resolves.toEqual({
      action: 'DeleteStack',
      result: undefined,
    });
  });

  it('rejects an unknown action the way AWS does', async () => {
    const error = await rejection(router.dispatch({ Action: 'CreateStak', Version: '2010-05-15' }, caller));
    expect([error.code, error.httpStatus, error.message]).toEqual([
      'InvalidAction',
      400,
      'Could not find operation CreateStak for version 2010-05-15',
    ]);
  });

  it('rejects a missing action and a foreign version', async () => {
    expect((await rejection(router.dispatch({ Version: '2010-05-15' }, caller))).code).toBe('MissingAction');
    const version = await rejection(router.dispatch({ Action: 'DescribeStacks', Version: '2011-01-01' }, caller));
    expect([version.code, version.message]).toEqual([
      'InvalidAction',
      'Could not find operation DescribeStacks for version 2011-01-01',
    ]);
  });

  it('refuses to register an action twice', () => {
    expect(() => router.register('DeleteStack', async () => undefined)).toThrow(/Duplicate/);
    expect(router.actions()).toEqual(['DeleteStack', 'DescribeStacks']);
  });
});
