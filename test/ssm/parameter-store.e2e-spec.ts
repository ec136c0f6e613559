import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createConnection } from 'mysql2/promise';

import { CloudStackTenant, CloudStackTenants } from '../support/cloudstack-tenants';
import { SystemUnderTest } from '../support/system-under-test';

const run = promisify(execFile);
const AWS_CLI_V2 = '/usr/bin/aws';

/** boto3 against our endpoint: runs the Python given (with `ssm` bound) and prints its JSON result, or `ERROR <code>`. */
const BOTO3 = `
import sys, json, boto3, botocore
ssm = boto3.client('ssm', endpoint_url=sys.argv[1], region_name='us-east-1')
try:
    exec(sys.argv[2])
except botocore.exceptions.ClientError as error:
    print('ERROR ' + error.response['Error']['Code'], end='')
`;

/**
 * SSM Parameter Store on our endpoint, driven by the AWS CLI v2 and boto3 as two CloudStack tenants: each sees
 * only its own parameters; both read the public parameters the operator publishes; SecureStrings are sealed at rest.
 */
describe('SSM Parameter Store', () => {
  const system = new SystemUnderTest({
    extraEnv: {
      CFN_KEY_ENCRYPTION_SECRET: 'e2e-ssm-parameter-store-secret',
      CFN_PUBLIC_PARAMETERS: JSON.stringify({
        '/aws/service/ami-amazon-linux-latest/*': 'debian-12',
        '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id': 'ubuntu-22.04',
      }),
    },
  });
  let alice: CloudStackTenant;
  let bob: CloudStackTenant;
  const scratch: string[] = [];

  const awsAs = async (tenant: CloudStackTenant, ...args: string[]): Promise<{ json?: any; error?: string }> => {
    const home = mkdtempSync(join(tmpdir(), 'ssm-cli-'));
    scratch.push(home);
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ACCESS_KEY_ID: tenant.apiKey,
      AWS_SECRET_ACCESS_KEY: tenant.secretKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
    };
    try {
      const { stdout } = await run(AWS_CLI_V2, ['--endpoint-url', system.apiUrl, '--output', 'json', 'ssm', ...args], {
        env,
      });
      return { json: stdout.trim() ? JSON.parse(stdout) : {} };
    } catch (error) {
      return { error: String((error as { stderr?: string }).stderr).trim() };
    }
  };

  const boto3As = async (tenant: CloudStackTenant, code: string): Promise<any> => {
    const env = {
      PATH: process.env.PATH,
      HOME: tmpdir(),
      AWS_ACCESS_KEY_ID: tenant.apiKey,
      AWS_SECRET_ACCESS_KEY: tenant.secretKey,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_MAX_ATTEMPTS: '1',
    };
    const { stdout } = await run('python3', ['-c', BOTO3, system.apiUrl, code], { env });
    return stdout.startsWith('ERROR ') ? { error: stdout.slice(6) } : JSON.parse(stdout);
  };

  beforeAll(async () => {
    await system.start();
    const tenants = new CloudStackTenants(system.cloudStack());
    alice = await tenants.account('ssm-alice');
    bob = await tenants.account('ssm-bob');
  }, 180_000);

  afterAll(async () => {
    await system.stop();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('puts, overwrites and reads parameters with the AWS CLI v2', async () => {
    expect(
      (
        await awsAs(
          alice,
          'put-parameter',
          '--name',
          '/app/db/host',
          '--value',
          'db1',
          '--type',
          'String',
          '--description',
          'database host',
        )
      ).json,
    ).toEqual({ Version: 1, Tier: 'Standard' });
    expect(
      (await awsAs(alice, 'put-parameter', '--name', '/app/db/host', '--value', 'db2', '--type', 'String')).error,
    ).toContain('ParameterAlreadyExists');
    expect(
      (await awsAs(alice, 'put-parameter', '--name', '/app/db/host', '--value', 'db2', '--overwrite')).json.Version,
    ).toBe(2);
    expect(
      (
        await awsAs(
          alice,
          'put-parameter',
          '--name',
          '/app/db/password',
          '--value',
          'pa55word',
          '--type',
          'SecureString',
        )
      ).json.Version,
    ).toBe(1);
    expect(
      (await awsAs(alice, 'put-parameter', '--name', '/app/hosts', '--value', 'a,b,c', '--type', 'StringList')).json
        .Version,
    ).toBe(1);
    expect(
      (await awsAs(alice, 'put-parameter', '--name', '/app/deep/er/x', '--value', 'x', '--type', 'String')).json
        .Version,
    ).toBe(1);

    const host = (await awsAs(alice, 'get-parameter', '--name', '/app/db/host')).json.Parameter;
    expect(host).toMatchObject({ Name: '/app/db/host', Type: 'String', Value: 'db2', Version: 2 });
    expect(host.ARN).toMatch(/^arn:aws:ssm:us-east-1:\d{12}:parameter\/app\/db\/host$/);
    expect((await awsAs(alice, 'get-parameter', '--name', '/app/db/host:1')).json.Parameter.Value).toBe('db1');
    expect((await awsAs(alice, 'get-parameter', '--name', '/app/db/password')).json.Parameter.Value).not.toContain(
      'pa55word',
    );
    expect(
      (await awsAs(alice, 'get-parameter', '--name', '/app/db/password', '--with-decryption')).json.Parameter.Value,
    ).toBe('pa55word');
    expect((await awsAs(alice, 'get-parameter', '--name', '/nothing')).error).toContain('ParameterNotFound');

    // The CLI pages through GetParametersByPath (MaxResults 1 per call) and DescribeParameters on its own.
    const byPath = (await awsAs(alice, 'get-parameters-by-path', '--path', '/app', '--recursive', '--page-size', '1'))
      .json;
    expect(byPath.Parameters.map((p: { Name: string }) => p.Name)).toEqual([
      '/app/db/host',
      '/app/db/password',
      '/app/deep/er/x',
      '/app/hosts',
    ]);
    const oneLevel = (await awsAs(alice, 'get-parameters-by-path', '--path', '/app/db')).json;
    expect(oneLevel.Parameters.map((p: { Name: string }) => p.Name)).toEqual(['/app/db/host', '/app/db/password']);
    const described = (await awsAs(alice, 'describe-parameters', '--page-size', '2')).json;
    expect(described.Parameters.map((p: { Name: string }) => p.Name)).toHaveLength(4);
    expect(described.Parameters.find((p: { Name: string }) => p.Name === '/app/db/host')).toMatchObject({
      Description: 'database host',
      Version: 2,
    });
    const secure = (await awsAs(alice, 'describe-parameters', '--parameter-filters', 'Key=Type,Values=SecureString'))
      .json;
    expect(secure.Parameters.map((p: { Name: string }) => p.Name)).toEqual(['/app/db/password']);
  });

  it('keeps each tenant to its own parameters (boto3)', async () => {
    expect(await boto3As(bob, "print(json.dumps(ssm.get_parameter(Name='/app/db/host')['Parameter']))")).toEqual({
      error: 'ParameterNotFound',
    });
    expect(
      await boto3As(bob, "print(json.dumps(ssm.put_parameter(Name='/app/db/host', Value='bobs', Type='String')))"),
    ).toMatchObject({ Version: 1, Tier: 'Standard' });
    expect(await boto3As(bob, "print(json.dumps(ssm.get_parameter(Name='/app/db/host')['Parameter']['Value']))")).toBe(
      'bobs',
    );
    expect(
      await boto3As(alice, "print(json.dumps(ssm.get_parameter(Name='/app/db/host')['Parameter']['Value']))"),
    ).toBe('db2');
    const bobsNames = await boto3As(
      bob,
      [
        'names = []',
        "for page in ssm.get_paginator('describe_parameters').paginate(PaginationConfig={'PageSize': 1}):",
        "    names += [p['Name'] for p in page['Parameters']]",
        'print(json.dumps(names))',
      ].join('\n'),
    );
    expect(bobsNames).toEqual(['/app/db/host']);
    expect(await boto3As(bob, "print(json.dumps(ssm.delete_parameter(Name='/app/db/password')))")).toEqual({
      error: 'ParameterNotFound',
    });
  });

  it('reads, pages and deletes with boto3 as scripts do', async () => {
    const got = await boto3As(
      alice,
      [
        'names = []',
        "for page in ssm.get_paginator('get_parameters_by_path').paginate(Path='/app', Recursive=True, WithDecryption=True, PaginationConfig={'PageSize': 2}):",
        "    names += [[p['Name'], p['Value']] for p in page['Parameters']]",
        'print(json.dumps(names))',
      ].join('\n'),
    );
    expect(got).toEqual([
      ['/app/db/host', 'db2'],
      ['/app/db/password', 'pa55word'],
      ['/app/deep/er/x', 'x'],
      ['/app/hosts', 'a,b,c'],
    ]);
    expect(
      await boto3As(
        alice,
        "r = ssm.get_parameters(Names=['/app/hosts', '/missing']); print(json.dumps([[p['Value'] for p in r['Parameters']], r['InvalidParameters']]))",
      ),
    ).toEqual([['a,b,c'], ['/missing']]);
    expect(
      await boto3As(alice, "print(json.dumps(ssm.delete_parameters(Names=['/app/hosts', '/missing'])))"),
    ).toMatchObject({ DeletedParameters: ['/app/hosts'], InvalidParameters: ['/missing'] });
    expect((await awsAs(alice, 'delete-parameter', '--name', '/app/deep/er/x')).json).toEqual({});
    expect((await awsAs(alice, 'get-parameter', '--name', '/app/deep/er/x')).error).toContain('ParameterNotFound');
  });

  it('lets every tenant read the public parameters the operator publishes, and none write them', async () => {
    for (const tenant of [alice, bob]) {
      const latest = (
        await awsAs(
          tenant,
          'get-parameter',
          '--name',
          '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
        )
      ).json;
      expect(latest.Parameter).toMatchObject({ Value: 'debian-12', Type: 'String' });
    }
    expect(
      await boto3As(
        bob,
        "print(json.dumps([p['Value'] for p in ssm.get_parameters_by_path(Path='/aws/service/canonical', Recursive=True)['Parameters']]))",
      ),
    ).toEqual(['ubuntu-22.04']);
    expect(
      (await awsAs(alice, 'put-parameter', '--name', '/aws/service/mine', '--value', 'x', '--type', 'String')).error,
    ).toContain('AccessDenied');
  });

  it('stores no value in plain text', async () => {
    const db = await createConnection(system.databaseUrl);
    try {
      const [rows] = await db.query('SELECT name, value FROM ssm_parameters');
      const values = rows as Array<{ name: string; value: string }>;
      expect(values.length).toBeGreaterThan(0);
      for (const row of values) {
        expect(row.value.startsWith('enc:v1:')).toBe(true);
        expect(row.value).not.toContain('pa55word');
      }
    } finally {
      await db.end();
    }
  });
});
