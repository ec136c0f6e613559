import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';
import { createConnection } from 'mysql2/promise';

import { SecretBox } from '../../libs/persistence/src';
import { SystemUnderTest } from '../support/system-under-test';

const run = promisify(execFile);
const AWS_CLI_V2 = '/usr/bin/aws';

/** boto3's SSM client against our endpoint: prints the parameter's value or the error code. */
const BOTO3_GET_PARAMETER = `
import sys, boto3, botocore
ssm = boto3.client('ssm', endpoint_url=sys.argv[1], region_name='zone-1')
try:
    print(ssm.get_parameter(Name=sys.argv[2], WithDecryption=True)['Parameter']['Value'], end='')
except botocore.exceptions.ClientError as error:
    print('ERROR ' + error.response['Error']['Code'], end='')
`;

/**
 * AWS keeps a created key pair's private key in Parameter Store as /ec2/keypair/<KeyPairId>; the api answers that
 * GetParameter for the stack's account, with the CLI and boto3 as real clients.
 */
describe('AWS::EC2::KeyPair private key through SSM GetParameter', () => {
  const system = new SystemUnderTest({ extraEnv: { CFN_KEY_ENCRYPTION_SECRET: 'e2e-ssm-key-encryption-secret' } });
  const other = { accessKeyId: 'AKIDOTHERACCOUNT', secretAccessKey: 'other-account-secret' };
  const scratch: string[] = [];
  const scratchDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    scratch.push(dir);
    return dir;
  };
  const clientEnv = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const home = scratchDir('ssm-cli-');
    return {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'zone-1',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_PAGER: '',
    };
  };
  /** `aws ssm get-parameter`: the parsed answer, or the CLI's error line. */
  const getParameter = async (credentials: { accessKeyId: string; secretAccessKey: string }, ...args: string[]) => {
    try {
      const { stdout } = await run(
        AWS_CLI_V2,
        ['--endpoint-url', system.apiUrl, '--output', 'json', 'ssm', 'get-parameter', ...args],
        { env: clientEnv(credentials) },
      );
      return JSON.parse(stdout) as { Parameter: Record<string, unknown> };
    } catch (error) {
      return { error: String((error as { stderr?: string }).stderr).trim() };
    }
  };

  beforeAll(async () => {
    await system.start();
    const db = await createConnection(system.databaseUrl);
    try {
      await db.query("INSERT INTO accounts (id, name, created_at) VALUES ('210987654321', 'other', NOW(3))");
      // Stored sealed, as the api stores it (docs/secrets-at-rest.md).
      const sealed = new SecretBox(system.dataKey).seal(other.secretAccessKey, 'credentials.secret_access_key');
      await db.query(
        'INSERT INTO credentials (access_key_id, secret_access_key, account_id, is_admin, created_at) VALUES (?, ?, ?, 1, NOW(3))',
        [other.accessKeyId, sealed, '210987654321'],
      );
    } finally {
      await db.end();
    }
  }, 120_000);
  afterAll(async () => {
    await system.stop();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('gives the owner the private key matching the pair, and nobody else', async () => {
    const cfn = system.cloudFormation();
    const stackName = 'ssm-key';
    const template = {
      Resources: { Key: { Type: 'AWS::EC2::KeyPair', Properties: { KeyName: 'ssm-e2e-key' } } },
      Outputs: {
        KeyPairId: { Value: { 'Fn::GetAtt': ['Key', 'KeyPairId'] } },
        Fingerprint: { Value: { 'Fn::GetAtt': ['Key', 'KeyFingerprint'] } },
      },
    };
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(template) }));
    await waitUntilStackCreateComplete(
      { client: cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 2 },
      { StackName: stackName },
    );
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    const out = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
    expect(out.KeyPairId).toMatch(/^key-[0-9a-f]{17}$/);
    const name = `/ec2/keypair/${out.KeyPairId}`;

    // The AWS CLI, as AWS documents it.
    const fetched = await getParameter(system.credentials, '--name', name, '--with-decryption');
    expect(fetched).toMatchObject({
      Parameter: {
        Name: name,
        Type: 'SecureString',
        Version: 1,
        DataType: 'text',
        ARN: expect.stringMatching(new RegExp(`^arn:aws:ssm:zone-1:\\d{12}:parameter${name}$`)),
        Value: expect.stringMatching(/^-----BEGIN (RSA )?PRIVATE KEY-----/),
      },
    });
    const privateKey = String((fetched as { Parameter: { Value: string } }).Parameter.Value);

    // It is the private half of the pair CloudStack holds: same MD5 fingerprint.
    const keyFile = join(scratchDir('ssm-key-'), 'id_rsa');
    writeFileSync(keyFile, privateKey.endsWith('\n') ? privateKey : `${privateKey}\n`, { mode: 0o600 });
    const { stdout: publicKey } = await run('ssh-keygen', ['-y', '-f', keyFile]);
    writeFileSync(`${keyFile}.pub`, publicKey);
    const { stdout: fingerprint } = await run('ssh-keygen', ['-l', '-E', 'md5', '-f', `${keyFile}.pub`]);
    expect(fingerprint).toContain(`MD5:${out.Fingerprint}`);

    // boto3 too.
    const { stdout: viaBoto3 } = await run('python3', ['-c', BOTO3_GET_PARAMETER, system.apiUrl, name], {
      env: clientEnv(system.credentials),
    });
    expect(viaBoto3).toBe(privateKey);

    // Without --with-decryption the value is the stored ciphertext, never the key.
    const encrypted = await getParameter(system.credentials, '--name', name);
    expect(String((encrypted as { Parameter: { Value: string } }).Parameter.Value)).not.toContain('PRIVATE KEY');

    // Another account, another name, a bad signature: SSM's answers.
    expect(await getParameter(other, '--name', name, '--with-decryption')).toEqual({
      error: 'An error occurred (ParameterNotFound) when calling the GetParameter operation:',
    });
    const { stdout: otherViaBoto3 } = await run('python3', ['-c', BOTO3_GET_PARAMETER, system.apiUrl, name], {
      env: clientEnv(other),
    });
    expect(otherViaBoto3).toBe('ERROR ParameterNotFound');
    expect(
      await getParameter(system.credentials, '--name', '/ec2/keypair/key-00000000000000000', '--with-decryption'),
    ).toEqual({ error: 'An error occurred (ParameterNotFound) when calling the GetParameter operation:' });
    expect(await getParameter(system.credentials, '--name', '/app/db-password')).toEqual({
      error: 'An error occurred (ParameterNotFound) when calling the GetParameter operation:',
    });
    expect(await getParameter({ ...system.credentials, secretAccessKey: 'wrong' }, '--name', name)).toMatchObject({
      error: expect.stringContaining('(InvalidSignatureException)'),
    });

    // Deleting the stack deletes the key: the parameter is gone.
    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(
      { client: cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 2 },
      { StackName: stackName },
    );
    expect(await getParameter(system.credentials, '--name', name, '--with-decryption')).toEqual({
      error: 'An error occurred (ParameterNotFound) when calling the GetParameter operation:',
    });
  }, 180_000);
});
