import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListExportsCommand,
  ListStacksCommand,
  SignalResourceCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { createConnection } from 'mysql2/promise';

import { accountNumberFor } from '../../apps/api/src/auth/account-number';
import { cloudFormationAs, CloudStackTenant, CloudStackTenants } from '../support/cloudstack-tenants';
import { settledStatus, untilDeleted } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

const run = promisify(execFile);
const AWS_CLI_V2 = '/usr/bin/aws';

const SHARED_TEMPLATE = `
Resources:
  Keys:
    Type: AWS::EC2::KeyPair
    Properties: { KeyName: tenant-keys }
  Web:
    Type: AWS::EC2::Instance
    Properties: { ImageId: debian-12, InstanceType: Small Instance, KeyName: !Ref Keys }
Outputs:
  Address:
    Value: !GetAtt Web.PrivateIp
    Export: { Name: shared-address }
  KeyPairId:
    Value: !GetAtt Keys.KeyPairId
`;
const IMPORTING_TEMPLATE = `
Resources:
  Handle: { Type: AWS::CloudFormation::WaitConditionHandle, Metadata: { Peer: !ImportValue shared-address } }
`;
const TWO_VMS = `
Resources:
  One: { Type: AWS::EC2::Instance, Properties: { ImageId: debian-12, InstanceType: Small Instance } }
  Two: { Type: AWS::EC2::Instance, Properties: { ImageId: debian-12, InstanceType: Small Instance } }
`;

/** The error an SDK call ends with: its code and message. */
async function failureOf(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
}

/**
 * Every caller is a CloudStack user signing with its own CloudStack keys; a stack belongs to the caller's account,
 * is invisible to every other account, and acts in CloudStack as its owner (ownership, permissions and limits).
 */
describe('tenants: CloudStack users, their accounts and their stacks', () => {
  const system = new SystemUnderTest({
    extraEnv: {
      CFN_KEY_ENCRYPTION_SECRET: 'e2e-tenancy-key-encryption-secret',
      // What the api learnt about a key is forgotten within two seconds (disable and regenerate below); workers keep
      // an owner's keys for longer, so they still hold the old ones when the owner regenerates them.
      CFN_IDENTITY_CACHE_SECONDS: '2',
      CFN_OWNER_KEYS_TTL_SECONDS: '600',
      CFN_API_RATE_PER_SECOND: '20',
      CFN_API_BURST: '20',
    },
  });
  let tenants: CloudStackTenants;
  let alice: CloudStackTenant;
  let bob: CloudStackTenant;
  let carol: CloudStackTenant;
  let asAlice: CloudFormationClient;
  let asBob: CloudFormationClient;
  let aliceStackId = '';
  const scratch: string[] = [];

  /** The AWS CLI v2 signed with a tenant's keys: its JSON answer, or its error line. */
  const awsAs = async (
    tenant: { apiKey: string; secretKey: string },
    ...args: string[]
  ): Promise<{ json?: any; error?: string }> => {
    const home = mkdtempSync(join(tmpdir(), 'tenant-cli-'));
    scratch.push(home);
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ACCESS_KEY_ID: tenant.apiKey,
      AWS_SECRET_ACCESS_KEY: tenant.secretKey,
      AWS_DEFAULT_REGION: 'zone-1',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
    };
    try {
      const { stdout } = await run(AWS_CLI_V2, ['--endpoint-url', system.apiUrl, '--output', 'json', ...args], { env });
      return { json: stdout.trim() ? JSON.parse(stdout) : {} };
    } catch (error) {
      return { error: String((error as { stderr?: string }).stderr).trim() };
    }
  };

  beforeAll(async () => {
    await system.start();
    tenants = new CloudStackTenants(system.cloudStack());
    alice = await tenants.account('alice');
    bob = await tenants.account('bob');
    carol = await tenants.account('carol', { domainId: await tenants.domain('partners') });
    asAlice = cloudFormationAs(system, alice);
    asBob = cloudFormationAs(system, bob);
    const created = await asAlice.send(new CreateStackCommand({ StackName: 'shared', TemplateBody: SHARED_TEMPLATE }));
    aliceStackId = created.StackId!;
    expect(await settledStatus(asAlice, 'shared')).toBe('CREATE_COMPLETE');
  }, 240_000);

  afterAll(async () => {
    await system.stop();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("puts the stack in the caller's account, whose ARN carries the number derived from the CloudStack account", async () => {
    expect(aliceStackId).toMatch(
      new RegExp(`^arn:aws:cloudformation:zone-1:${accountNumberFor(alice.accountId)}:stack/shared/`),
    );
    expect(accountNumberFor(alice.accountId)).not.toBe(accountNumberFor(bob.accountId));
    const admin = system.cloudStack();
    const vms = await admin.listAll<{ account: string; name: string }>(
      'listVirtualMachines',
      { listall: true },
      'virtualmachine',
    );
    expect(vms.map((vm) => vm.account)).toEqual(['alice']);
    const keyPairs = await admin.listAll<{ name: string; account: string }>(
      'listSSHKeyPairs',
      { listall: true },
      'sshkeypair',
    );
    expect(keyPairs.filter((pair) => pair.name === 'tenant-keys').map((pair) => pair.account)).toEqual(['alice']);
  });

  it("answers another account's stack exactly as a stack that does not exist", async () => {
    const missing = (name: string) => ({ name: 'ValidationError', message: `Stack with id ${name} does not exist` });
    for (const name of ['shared', aliceStackId]) {
      expect(await failureOf(asBob.send(new DescribeStacksCommand({ StackName: name })))).toMatchObject(missing(name));
      expect(await failureOf(asBob.send(new DescribeStackEventsCommand({ StackName: name })))).toMatchObject(
        missing(name),
      );
      expect(await failureOf(asBob.send(new GetTemplateCommand({ StackName: name })))).toMatchObject(missing(name));
      expect(
        await failureOf(asBob.send(new UpdateStackCommand({ StackName: name, TemplateBody: TWO_VMS }))),
      ).toMatchObject(missing(name));
      expect(
        await failureOf(
          asBob.send(
            new SignalResourceCommand({ StackName: name, LogicalResourceId: 'Web', UniqueId: 'x', Status: 'SUCCESS' }),
          ),
        ),
      ).toMatchObject(missing(name));
    }
    // DeleteStack of a stack that does not exist succeeds and does nothing, as on AWS.
    await asBob.send(new DeleteStackCommand({ StackName: aliceStackId }));
    expect((await asBob.send(new ListStacksCommand({}))).StackSummaries).toEqual([]);
    expect((await asBob.send(new ListExportsCommand({}))).Exports).toEqual([]);
    expect((await asAlice.send(new DescribeStacksCommand({ StackName: aliceStackId }))).Stacks![0].StackStatus).toBe(
      'CREATE_COMPLETE',
    );
    expect((await asAlice.send(new ListExportsCommand({}))).Exports!.map((e) => e.Name)).toEqual(['shared-address']);
  });

  it("keeps names, exports and key pairs per account: bob's stack of the same name cannot import alice's export", async () => {
    await asBob.send(new CreateStackCommand({ StackName: 'shared', TemplateBody: IMPORTING_TEMPLATE }));
    expect(await settledStatus(asBob, 'shared')).toBe('ROLLBACK_COMPLETE');
    const [event] = (
      (await asBob.send(new DescribeStackEventsCommand({ StackName: 'shared' }))).StackEvents ?? []
    ).filter((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS');
    expect(event.ResourceStatusReason).toMatch(/No export named shared-address found/);

    const outputs = (await asAlice.send(new DescribeStacksCommand({ StackName: 'shared' }))).Stacks![0].Outputs!;
    const keyPairId = outputs.find((o) => o.OutputKey === 'KeyPairId')!.OutputValue!;
    const asCarol = await awsAs(
      carol,
      'ssm',
      'get-parameter',
      '--name',
      `/ec2/keypair/${keyPairId}`,
      '--with-decryption',
    );
    expect(asCarol.error).toMatch(/ParameterNotFound/);
    const asOwner = await awsAs(
      alice,
      'ssm',
      'get-parameter',
      '--name',
      `/ec2/keypair/${keyPairId}`,
      '--with-decryption',
    );
    expect(asOwner.json.Parameter.Value).toMatch(/BEGIN (OPENSSH|RSA) PRIVATE KEY/);
  });

  it('hides the stack from a user of another domain using the AWS CLI v2', async () => {
    expect((await awsAs(carol, 'cloudformation', 'describe-stacks', '--stack-name', aliceStackId)).error).toContain(
      `Stack with id ${aliceStackId} does not exist`,
    );
    expect((await awsAs(carol, 'cloudformation', 'list-stacks')).json).toEqual({ StackSummaries: [] });
    expect((await awsAs(carol, 'cloudformation', 'delete-stack', '--stack-name', aliceStackId)).error).toBeUndefined();
    expect(
      (await awsAs(alice, 'cloudformation', 'describe-stacks', '--stack-name', 'shared')).json.Stacks[0].StackStatus,
    ).toBe('CREATE_COMPLETE');
  });

  it('refuses keys CloudStack does not know, and a disabled user within the cache time', async () => {
    const stranger = cloudFormationAs(system, { apiKey: 'no-such-key', secretKey: 'whatever' });
    expect(await failureOf(stranger.send(new ListStacksCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
    });
    const wrongSecret = cloudFormationAs(system, { apiKey: alice.apiKey, secretKey: 'not-her-secret' });
    expect(await failureOf(wrongSecret.send(new ListStacksCommand({})))).toMatchObject({
      name: 'SignatureDoesNotMatch',
      status: 403,
    });

    await system.cloudStack().executeAsync('disableUser', { id: alice.userId });
    await waitUntil(
      'alice to be locked out',
      async () =>
        (await failureOf(asAlice.send(new ListStacksCommand({}))).catch(() => undefined))?.name === 'AccessDenied',
      10_000,
      250,
    );
    expect(await failureOf(asAlice.send(new ListStacksCommand({})))).toMatchObject({
      status: 403,
      message: expect.stringMatching(/disabled/),
    });
    await system.cloudStack().request('enableUser', { id: alice.userId });
    await waitUntil(
      'alice to be let in again',
      async () =>
        await asAlice.send(new ListStacksCommand({})).then(
          () => true,
          () => false,
        ),
      10_000,
      250,
    );
  });

  it("rolls a stack back cleanly when it exceeds its owner's CloudStack limit, with CloudStack's words", async () => {
    const limited = await tenants.account('dave');
    await fetch(`${system.simulatorUrl}/simulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ limits: { accounts: { dave: { user_vm: 1 } } } }),
    }).then((r) => expect(r.ok).toBe(true));
    const asDave = cloudFormationAs(system, limited);
    await asDave.send(new CreateStackCommand({ StackName: 'too-big', TemplateBody: TWO_VMS }));
    expect(await settledStatus(asDave, 'too-big')).toBe('ROLLBACK_COMPLETE');
    const events = (await asDave.send(new DescribeStackEventsCommand({ StackName: 'too-big' }))).StackEvents ?? [];
    expect(events.find((e) => e.ResourceStatus === 'CREATE_FAILED')?.ResourceStatusReason).toMatch(
      /Maximum number of resources of type 'user_vm' for account name=dave/,
    );
    const vms = await system
      .cloudStack()
      .listAll<{ account: string; state: string }>(
        'listVirtualMachines',
        { listall: true, account: 'dave' },
        'virtualmachine',
      );
    expect(vms.filter((vm) => vm.state !== 'Destroyed' && vm.state !== 'Expunging')).toEqual([]);
    await fetch(`${system.simulatorUrl}/simulator/faults`, { method: 'DELETE' });
  });

  it('keeps serving one tenant while another floods the api past its rate', async () => {
    const flood = Promise.allSettled(Array.from({ length: 200 }, () => asAlice.send(new ListStacksCommand({}))));
    const bobLatencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = Date.now();
      await asBob.send(new DescribeStacksCommand({ StackName: 'shared' }));
      bobLatencies.push(Date.now() - started);
    }
    const outcomes = await flood;
    const throttled = outcomes.filter((o) => o.status === 'rejected' && (o.reason as Error).name === 'Throttling');
    // 200 requests at once against a burst of 20: most are refused (how many depends on how fast the machine is).
    expect(throttled.length).toBeGreaterThan(50);
    expect(outcomes.filter((o) => o.status === 'rejected').length).toBe(throttled.length);
    expect((throttled[0] as PromiseRejectedResult).reason.message).toBe('Rate exceeded');
    bobLatencies.sort((a, b) => a - b);
    console.log(`bob's DescribeStacks while alice floods: median ${bobLatencies[5]} ms, max ${bobLatencies[9]} ms`);
  });

  it("updates and deletes a stack after its owner's keys were regenerated", async () => {
    const keys = await tenants.regenerateKeys(alice.userId);
    await waitUntil(
      'the old keys to be refused',
      async () =>
        (await failureOf(asAlice.send(new ListStacksCommand({}))).catch(() => undefined))?.name ===
        'InvalidClientTokenId',
      10_000,
      250,
    );
    alice = { ...alice, ...keys };
    asAlice = cloudFormationAs(system, alice);
    await asAlice.send(new DeleteStackCommand({ StackName: 'shared' }));
    await untilDeleted(asAlice, aliceStackId);
    const vms = await system
      .cloudStack()
      .listAll<{ state: string }>('listVirtualMachines', { listall: true, account: 'alice' }, 'virtualmachine');
    expect(vms.filter((vm) => vm.state !== 'Destroyed' && vm.state !== 'Expunging')).toEqual([]);
  });

  it('lets an administrator delete the stack of an owner removed from CloudStack, by its ARN', async () => {
    const erin = await tenants.account('erin');
    const asErin = cloudFormationAs(system, erin);
    const { StackId } = await asErin.send(new CreateStackCommand({ StackName: 'orphan', TemplateBody: TWO_VMS }));
    expect(await settledStatus(asErin, 'orphan')).toBe('CREATE_COMPLETE');
    await system.cloudStack().request('deleteUser', { id: erin.userId });
    const operator = system.cloudFormation();
    await operator.send(new DeleteStackCommand({ StackName: StackId }));
    await untilDeleted(operator, StackId!);
    const vms = await system
      .cloudStack()
      .listAll<{ state: string }>('listVirtualMachines', { listall: true, account: 'erin' }, 'virtualmachine');
    expect(vms.filter((vm) => vm.state !== 'Destroyed' && vm.state !== 'Expunging')).toEqual([]);
  });

  it('records who asked for each change in the audit log', async () => {
    const db = await createConnection(system.databaseUrl);
    try {
      const [rows] = await db.query(
        "SELECT requested_by FROM audit_log WHERE routing_key = 'stack.create.requested.v1' ORDER BY id",
      );
      expect((rows as Array<{ requested_by: string }>).map((row) => row.requested_by)).toEqual(
        expect.arrayContaining(['alice@alice (ROOT)', 'bob@bob (ROOT)', 'dave@dave (ROOT)', 'erin@erin (ROOT)']),
      );
      const [secrets] = await db.query('SELECT payload FROM audit_log');
      expect(JSON.stringify(secrets)).not.toContain(alice.secretKey);
    } finally {
      await db.end();
    }
  });

  it('answers ServiceUnavailable, and lets nobody in, while CloudStack cannot be asked who a key is', async () => {
    const frank = await tenants.account('frank');
    await system.killService('cloudstack-simulator');
    const failure = await failureOf(cloudFormationAs(system, frank).send(new ListStacksCommand({})));
    expect(failure).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
  });
});
