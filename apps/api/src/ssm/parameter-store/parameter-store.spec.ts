import { SecretBox, useDataSecretBox } from '@cfn/persistence';

import type { CallerIdentity } from '../../protocol';
import { InMemoryParameterRecords } from './in-memory-parameter-records';
import { ParameterStore } from './parameter-store';
import { PublicParameters } from './public-parameters';
import { SsmError } from './ssm-error';
import { SSM_OPERATIONS } from './ssm-operations';

const caller = (accountId: string): CallerIdentity => ({
  accessKeyId: `AK${accountId}`,
  accountId,
  region: 'us-east-1',
  isAdmin: false,
  requester: { userName: 'alice', accountName: 'team-a' },
});
const alice = caller('111111111111');
const bob = caller('222222222222');

describe('SSM Parameter Store operations', () => {
  let store: ParameterStore;
  const call = (operation: string, input: Record<string, unknown>, who = alice) =>
    SSM_OPERATIONS[operation](store, input, who);
  const failure = async (promise: Promise<unknown>): Promise<SsmError> => {
    try {
      await promise;
    } catch (error) {
      return error as SsmError;
    }
    throw new Error('expected a failure');
  };

  beforeAll(() => useDataSecretBox(new SecretBox('a test data key of enough length')));
  afterAll(() => useDataSecretBox(undefined));
  beforeEach(() => {
    store = new ParameterStore(new InMemoryParameterRecords());
    store.publicParameters = new PublicParameters({
      '/aws/service/ami-amazon-linux-latest/*': 'debian-12',
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64': 'debian-12-arm',
      '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id': 'ubuntu-22.04',
    });
  });

  it('puts a parameter (version 1), refuses a second put without Overwrite and keeps versions with it', async () => {
    expect(
      await call('PutParameter', { Name: '/app/db/host', Value: 'db1', Type: 'String', Description: 'the database' }),
    ).toEqual({ Version: 1, Tier: 'Standard' });
    expect(await failure(call('PutParameter', { Name: '/app/db/host', Value: 'db2', Type: 'String' }))).toMatchObject({
      code: 'ParameterAlreadyExists',
    });
    expect(
      await call('PutParameter', { Name: '/app/db/host', Value: 'db2', Overwrite: true, Tier: 'Advanced' }),
    ).toEqual({ Version: 2, Tier: 'Standard' });
    const latest = (await call('GetParameter', { Name: '/app/db/host' })).Parameter;
    expect(latest).toMatchObject({
      Name: '/app/db/host',
      Type: 'String',
      Value: 'db2',
      Version: 2,
      DataType: 'text',
      ARN: 'arn:aws:ssm:us-east-1:111111111111:parameter/app/db/host',
    });
    expect((await call('GetParameter', { Name: '/app/db/host:1' })).Parameter).toMatchObject({
      Value: 'db1',
      Version: 1,
      Selector: ':1',
    });
    expect(await failure(call('GetParameter', { Name: '/app/db/host:7' }))).toMatchObject({
      code: 'ParameterVersionNotFound',
      message: 'Systems Manager could not find version 7 of /app/db/host. Verify the version and try again.',
    });
    const [described] = (await call('DescribeParameters', {})).Parameters as Array<Record<string, unknown>>;
    expect(described).toMatchObject({
      Name: '/app/db/host',
      Version: 2,
      Description: 'the database',
      LastModifiedUser: 'arn:aws:iam::111111111111:user/alice',
    });
  });

  it('keeps a SecureString out of answers unless decryption is asked for', async () => {
    await call('PutParameter', { Name: '/app/db/password', Value: 's3cret', Type: 'SecureString' });
    const hidden = (await call('GetParameter', { Name: '/app/db/password' })).Parameter as Record<string, unknown>;
    expect(hidden.Type).toBe('SecureString');
    expect(hidden.Value).not.toContain('s3cret');
    expect((await call('GetParameter', { Name: '/app/db/password', WithDecryption: true })).Parameter).toMatchObject({
      Value: 's3cret',
    });
    expect(((await call('DescribeParameters', {})).Parameters as Array<Record<string, unknown>>)[0]).toMatchObject({
      KeyId: 'alias/aws/ssm',
    });
  });

  it('refuses what AWS refuses, in its words', async () => {
    expect(await failure(call('PutParameter', { Name: '/new', Value: 'x' }))).toMatchObject({
      code: 'ValidationException',
    });
    expect(await failure(call('PutParameter', { Name: '/n', Value: 'x', Type: 'Number' }))).toMatchObject({
      code: 'ValidationException',
    });
    expect(await failure(call('PutParameter', { Name: 'aws-thing', Value: 'x', Type: 'String' }))).toMatchObject({
      code: 'ValidationException',
    });
    expect(
      await failure(call('PutParameter', { Name: '/aws/service/mine', Value: 'x', Type: 'String' })),
    ).toMatchObject({ code: 'AccessDeniedException' });
    expect(await failure(call('PutParameter', { Name: 'a/b', Value: 'x', Type: 'String' }))).toMatchObject({
      code: 'ValidationException',
    });
    expect(
      await failure(call('PutParameter', { Name: '/p', Value: 'abc', Type: 'String', AllowedPattern: '^[0-9]+$' })),
    ).toMatchObject({ code: 'ParameterPatternMismatchException' });
    expect(await failure(call('GetParameter', { Name: '/missing' }))).toMatchObject({ code: 'ParameterNotFound' });
    expect(await failure(call('DeleteParameter', { Name: '/missing' }))).toMatchObject({ code: 'ParameterNotFound' });
    expect(await failure(call('GetParameter', {}))).toMatchObject({ code: 'ValidationException' });
  });

  it('answers GetParameters and DeleteParameters with the names it did not find', async () => {
    await call('PutParameter', { Name: '/a', Value: '1', Type: 'String' });
    await call('PutParameter', { Name: '/b', Value: 'x,y', Type: 'StringList' });
    const got = await call('GetParameters', { Names: ['/a', '/b', '/c', '/a:5'] });
    expect((got.Parameters as Array<{ Name: string; Value: string }>).map((p) => [p.Name, p.Value])).toEqual([
      ['/a', '1'],
      ['/b', 'x,y'],
    ]);
    expect(got.InvalidParameters).toEqual(['/c', '/a:5']);
    expect(await call('DeleteParameters', { Names: ['/a', '/c'] })).toEqual({
      DeletedParameters: ['/a'],
      InvalidParameters: ['/c'],
    });
    expect(
      await failure(call('GetParameters', { Names: Array.from({ length: 11 }, (_, i) => `/p${i}`) })),
    ).toMatchObject({ code: 'ValidationException' });
  });

  it('lists by path one level or recursively, filtered, a page at a time', async () => {
    for (const name of ['/app/a', '/app/b', '/app/c', '/app/deep/d', '/other/x']) {
      await call('PutParameter', { Name: name, Value: name, Type: name.endsWith('c') ? 'SecureString' : 'String' });
    }
    const names = (answer: Record<string, unknown>) =>
      (answer.Parameters as Array<{ Name: string }>).map((p) => p.Name);
    expect(names(await call('GetParametersByPath', { Path: '/app' }))).toEqual(['/app/a', '/app/b', '/app/c']);
    expect(names(await call('GetParametersByPath', { Path: '/app/', Recursive: true }))).toEqual([
      '/app/a',
      '/app/b',
      '/app/c',
      '/app/deep/d',
    ]);
    expect(
      names(
        await call('GetParametersByPath', {
          Path: '/app',
          Recursive: true,
          ParameterFilters: [{ Key: 'Type', Option: 'Equals', Values: ['SecureString'] }],
        }),
      ),
    ).toEqual(['/app/c']);
    const first = await call('GetParametersByPath', { Path: '/app', Recursive: true, MaxResults: 3 });
    expect(names(first)).toEqual(['/app/a', '/app/b', '/app/c']);
    const second = await call('GetParametersByPath', {
      Path: '/app',
      Recursive: true,
      MaxResults: 3,
      NextToken: first.NextToken,
    });
    expect(names(second)).toEqual(['/app/deep/d']);
    expect(second.NextToken).toBeUndefined();
    expect(await failure(call('GetParametersByPath', { Path: '/app', NextToken: 'garbage' }))).toMatchObject({
      code: 'InvalidNextToken',
    });
    expect(await failure(call('GetParametersByPath', { Path: '/other', NextToken: first.NextToken }))).toMatchObject({
      code: 'InvalidNextToken',
    });
    expect(await failure(call('GetParametersByPath', { Path: '/app', MaxResults: 11 }))).toMatchObject({
      code: 'ValidationException',
    });
  });

  it('describes parameters with filters and pages', async () => {
    for (const name of ['/app/a', '/app/b', '/app/deep/c', '/zeta'])
      await call('PutParameter', { Name: name, Value: 'v', Type: 'String' });
    const names = (answer: Record<string, unknown>) =>
      (answer.Parameters as Array<{ Name: string }>).map((p) => p.Name);
    expect(
      names(
        await call('DescribeParameters', {
          ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/app'] }],
        }),
      ),
    ).toEqual(['/app/a', '/app/b', '/app/deep/c']);
    expect(names(await call('DescribeParameters', { ParameterFilters: [{ Key: 'Path', Values: ['/app'] }] }))).toEqual([
      '/app/a',
      '/app/b',
    ]);
    expect(names(await call('DescribeParameters', { Filters: [{ Key: 'Name', Values: ['/z'] }] }))).toEqual(['/zeta']);
    const page = await call('DescribeParameters', { MaxResults: 2 });
    expect(names(page)).toEqual(['/app/a', '/app/b']);
    expect(names(await call('DescribeParameters', { MaxResults: 2, NextToken: page.NextToken }))).toEqual([
      '/app/deep/c',
      '/zeta',
    ]);
  });

  it('keeps each account to its own parameters', async () => {
    await call('PutParameter', { Name: '/shared/name', Value: 'alice', Type: 'String' });
    expect(await failure(call('GetParameter', { Name: '/shared/name' }, bob))).toMatchObject({
      code: 'ParameterNotFound',
    });
    expect(await call('PutParameter', { Name: '/shared/name', Value: 'bob', Type: 'String' }, bob)).toEqual({
      Version: 1,
      Tier: 'Standard',
    });
    expect((await call('GetParameter', { Name: '/shared/name' })).Parameter).toMatchObject({ Value: 'alice' });
    expect((await call('DescribeParameters', {}, bob)).Parameters).toHaveLength(1);
    expect(await failure(call('DeleteParameter', { Name: '/nothing-of-bobs' }, bob))).toMatchObject({
      code: 'ParameterNotFound',
    });
  });

  it('reads the public parameters the operator publishes, for every account, by name or pattern', async () => {
    for (const who of [alice, bob]) {
      expect(
        (
          await call(
            'GetParameter',
            { Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' },
            who,
          )
        ).Parameter,
      ).toMatchObject({ Value: 'debian-12', Type: 'String', Version: 1 });
    }
    expect(
      (await call('GetParameter', { Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64' }))
        .Parameter,
    ).toMatchObject({ Value: 'debian-12-arm' });
    expect(await failure(call('GetParameter', { Name: '/aws/service/unpublished' }))).toMatchObject({
      code: 'ParameterNotFound',
    });
    const listed = await call('GetParametersByPath', { Path: '/aws/service/canonical', Recursive: true });
    expect((listed.Parameters as Array<{ Value: string }>).map((p) => p.Value)).toEqual(['ubuntu-22.04']);
  });
});

describe('PublicParameters.fromEnv', () => {
  it('reads CFN_PUBLIC_PARAMETERS, and refuses what is not an object', () => {
    expect(
      PublicParameters.fromEnv({ CFN_PUBLIC_PARAMETERS: '{"/aws/service/x/*": "t"}' }).find('/aws/service/x/y'),
    ).toEqual({ name: '/aws/service/x/y', value: 't' });
    expect(PublicParameters.fromEnv({}).find('/aws/service/x/y')).toBeUndefined();
    expect(() => PublicParameters.fromEnv({ CFN_PUBLIC_PARAMETERS: '[1]' })).toThrow(/JSON object/);
  });
});
