import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';

import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

const run = promisify(execFile);

/** The AWS CLI v2 as Debian ships it (package awscli): what an instance's userdata or an operator runs. */
const AWS_CLI_V2 = '/usr/bin/aws';

const instance = (timeout: string, count = 1) =>
  JSON.stringify({
    Resources: {
      Web: {
        Type: 'AWS::EC2::Instance',
        CreationPolicy: { ResourceSignal: { Count: count, Timeout: timeout } },
        Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' },
      },
      Plain: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' } },
      AfterWeb: { Type: 'AWS::CloudFormation::WaitConditionHandle', DependsOn: 'Web' },
    },
  });

const group = JSON.stringify({
  Parameters: { Size: { Type: 'Number', Default: 2 } },
  Resources: {
    Config: {
      Type: 'AWS::AutoScaling::LaunchConfiguration',
      Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' },
    },
    Workers: {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      CreationPolicy: { ResourceSignal: { Count: { Ref: 'Size' }, Timeout: 'PT3M' } },
      Properties: {
        LaunchConfigurationName: { Ref: 'Config' },
        MinSize: '0',
        MaxSize: '3',
        DesiredCapacity: { Ref: 'Size' },
      },
    },
  },
});

/** CreationPolicy ResourceSignal on instances and groups, signalled with `aws cloudformation signal-resource`. */
describe('CreationPolicy and SignalResource', () => {
  const system = new SystemUnderTest();
  let home: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'signal-resource-'));
    await system.start();
  }, 120_000);
  afterAll(async () => {
    await system.stop();
    rmSync(home, { recursive: true, force: true });
  }, 60_000);

  async function signalResource(stack: string, logicalId: string, uniqueId: string, status: string): Promise<string> {
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_PAGER: '',
      AWS_DEFAULT_REGION: 'zone-1',
      AWS_ACCESS_KEY_ID: system.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: system.credentials.secretAccessKey,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    };
    const { stdout } = await run(
      AWS_CLI_V2,
      [
        '--endpoint-url',
        system.apiUrl,
        'cloudformation',
        'signal-resource',
        '--stack-name',
        stack,
        '--logical-resource-id',
        logicalId,
        '--unique-id',
        uniqueId,
        '--status',
        status,
      ],
      { env },
    );
    return stdout;
  }

  async function awaitingSignals(stack: string, logicalId: string): Promise<void> {
    await waitUntil(
      `${logicalId} to wait for signals`,
      async () => {
        const { StackEvents = [] } = await system
          .cloudFormation()
          .send(new DescribeStackEventsCommand({ StackName: stack }));
        return StackEvents.some(
          (e) =>
            e.LogicalResourceId === logicalId && /waiting for \d+ resource signal/.test(e.ResourceStatusReason ?? ''),
        );
      },
      120_000,
    );
  }

  async function reasonOf(stack: string, logicalId: string, status: string): Promise<string | undefined> {
    const { StackEvents = [] } = await system
      .cloudFormation()
      .send(new DescribeStackEventsCommand({ StackName: stack }));
    return StackEvents.find((e) => e.LogicalResourceId === logicalId && e.ResourceStatus === status)
      ?.ResourceStatusReason;
  }

  it('keeps the instance CREATE_IN_PROGRESS until it is signalled; the signal completes the stack', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'signalled-web', TemplateBody: instance('PT3M') }));
    await awaitingSignals('signalled-web', 'Web');
    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'signalled-web' }));
    expect(StackResources.find((r) => r.LogicalResourceId === 'Web')?.ResourceStatus).toBe('CREATE_IN_PROGRESS');
    expect(StackResources.find((r) => r.LogicalResourceId === 'AfterWeb')).toBeUndefined();

    expect(await signalResource('signalled-web', 'Web', 'i-0123456789abcdef0', 'SUCCESS')).toBe('');
    expect(await settledStatus(cfn, 'signalled-web')).toBe('CREATE_COMPLETE');
    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'signalled-web' }));
    expect(StackEvents.map((e) => e.ResourceStatusReason)).toContain(
      'Received SUCCESS signal with UniqueId i-0123456789abcdef0',
    );
  });

  it('refuses signals for a resource without a CreationPolicy, an unknown resource and a finished stack', async () => {
    await expect(signalResource('signalled-web', 'Plain', 'x', 'SUCCESS')).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /\(ValidationError\) when calling the SignalResource operation: Stack arn:aws:cloudformation:[^:]+:\d+:stack\/signalled-web\/[0-9a-f-]{36} is in CREATE_COMPLETE state and cannot be signaled/,
      ),
    });
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'refusals', TemplateBody: instance('PT3M') }));
    await awaitingSignals('refusals', 'Web');
    await expect(signalResource('refusals', 'Plain', 'x', 'SUCCESS')).rejects.toMatchObject({
      stderr: expect.stringContaining(
        'Resource Plain of type AWS::EC2::Instance has no CreationPolicy ResourceSignal and cannot be signaled',
      ),
    });
    await expect(signalResource('refusals', 'Nothing', 'x', 'SUCCESS')).rejects.toMatchObject({
      stderr: expect.stringContaining('Resource Nothing does not exist for stack refusals'),
    });
    await expect(signalResource('refusals', 'Web', 'x', 'MAYBE')).rejects.toMatchObject({
      stderr: expect.stringContaining('MAYBE'),
    });
    await expect(signalResource('no-such-stack', 'Web', 'x', 'SUCCESS')).rejects.toMatchObject({
      stderr: expect.stringContaining('Stack with id no-such-stack does not exist'),
    });
    await signalResource('refusals', 'Web', 'i-1', 'SUCCESS');
    expect(await settledStatus(cfn, 'refusals')).toBe('CREATE_COMPLETE');
  });

  it('fails an instance never signalled at its Timeout, and the rollback leaves nothing', async () => {
    const cfn = system.cloudFormation();
    const created = await cfn.send(
      new CreateStackCommand({ StackName: 'never-signalled-web', TemplateBody: instance('PT5S') }),
    );
    expect(await settledStatus(cfn, 'never-signalled-web')).toBe('ROLLBACK_COMPLETE');
    expect(await reasonOf('never-signalled-web', 'Web', 'CREATE_FAILED')).toBe(
      'Failed to receive 1 resource signal(s) within the specified duration',
    );
    const vms = await system
      .cloudStack()
      .listAll<{ tags?: Array<{ key: string; value: string }> }>(
        'listVirtualMachines',
        { listall: true },
        'virtualmachine',
      );
    expect(
      vms.filter((vm) => vm.tags?.some((t) => t.key === 'cfn:stack-id' && t.value === created.StackId!.split('/')[2])),
    ).toHaveLength(0);
  });

  it('fails on a FAILURE signal with its UniqueId', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'failed-web', TemplateBody: instance('PT3M') }));
    await awaitingSignals('failed-web', 'Web');
    await signalResource('failed-web', 'Web', 'i-0fa11ed', 'FAILURE');
    expect(await settledStatus(cfn, 'failed-web')).toBe('ROLLBACK_COMPLETE');
    expect(await reasonOf('failed-web', 'Web', 'CREATE_FAILED')).toBe(
      'Received FAILURE signal with UniqueId i-0fa11ed',
    );
  });

  it('completes a group after Count signals (Count from a parameter), one per member', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'signalled-group', TemplateBody: group }));
    // A signal sent before the group waits counts too (an instance may finish booting first).
    await waitUntil(
      'the group to start',
      async () => {
        const { StackResources = [] } = await cfn.send(
          new DescribeStackResourcesCommand({ StackName: 'signalled-group' }),
        );
        return StackResources.some((r) => r.LogicalResourceId === 'Workers');
      },
      60_000,
    );
    await signalResource('signalled-group', 'Workers', 'member-0', 'SUCCESS');
    await awaitingSignals('signalled-group', 'Workers');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'signalled-group' }));
    expect(StackResources.find((r) => r.LogicalResourceId === 'Workers')?.ResourceStatus).toBe('CREATE_IN_PROGRESS');
    await signalResource('signalled-group', 'Workers', 'member-1', 'SUCCESS');
    expect(await settledStatus(cfn, 'signalled-group')).toBe('CREATE_COMPLETE');
  });
});
