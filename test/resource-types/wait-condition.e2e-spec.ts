import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import {
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';

import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

const run = promisify(execFile);

const template = (count: number, timeout: number) =>
  JSON.stringify({
    Resources: {
      Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
      Ready: {
        Type: 'AWS::CloudFormation::WaitCondition',
        Properties: { Handle: { Ref: 'Handle' }, Count: String(count), Timeout: String(timeout) },
      },
      AfterReady: { Type: 'AWS::CloudFormation::WaitConditionHandle', DependsOn: 'Ready' },
    },
    Outputs: { Data: { Value: { 'Fn::GetAtt': ['Ready', 'Data'] } } },
  });

/** Wait conditions signalled with curl, as instances do with cfn-signal or curl in their userdata. */
describe('AWS::CloudFormation::WaitCondition', () => {
  const system = new SystemUnderTest();

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  async function handleUrl(stackName: string): Promise<string> {
    return waitUntil(
      'the handle',
      async () => {
        const { StackResources = [] } = await system
          .cloudFormation()
          .send(new DescribeStackResourcesCommand({ StackName: stackName }));
        const ready = StackResources.find((r) => r.LogicalResourceId === 'Ready');
        return ready?.ResourceStatus === 'CREATE_IN_PROGRESS'
          ? StackResources.find((r) => r.LogicalResourceId === 'Handle')!.PhysicalResourceId
          : undefined;
      },
      60_000,
    );
  }

  /** The command AWS documents for signalling a handle without cfn-signal. */
  async function curlSignal(url: string, body: Record<string, string>): Promise<string> {
    const { stdout } = await run('curl', [
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'PUT',
      '-H',
      'Content-Type:',
      '--data-binary',
      JSON.stringify(body),
      url,
    ]);
    return stdout;
  }

  it('completes after Count signals, with their data as the Data attribute', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'signalled', TemplateBody: template(2, 120) }));
    const url = await handleUrl('signalled');
    expect(await curlSignal(url, { Status: 'SUCCESS', Reason: 'first', UniqueId: 'vm-a', Data: 'alpha' })).toBe('200');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [stillWaiting] = (await cfn.send(new DescribeStacksCommand({ StackName: 'signalled' }))).Stacks!;
    expect(stillWaiting.StackStatus).toBe('CREATE_IN_PROGRESS');
    expect(await curlSignal(url, { Status: 'SUCCESS', Reason: 'second', UniqueId: 'vm-b', Data: 'beta' })).toBe('200');
    expect(await settledStatus(cfn, 'signalled')).toBe('CREATE_COMPLETE');
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'signalled' }))).Stacks!;
    expect(JSON.parse(stack.Outputs!.find((o) => o.OutputKey === 'Data')!.OutputValue!)).toEqual({
      'vm-a': 'alpha',
      'vm-b': 'beta',
    });
  });

  it('fails at its Timeout without signals, and the stack rolls back', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'never-signalled', TemplateBody: template(1, 3) }));
    expect(await settledStatus(cfn, 'never-signalled')).toBe('ROLLBACK_COMPLETE');
    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'never-signalled' }));
    expect(
      StackEvents.find((e) => e.LogicalResourceId === 'Ready' && e.ResourceStatus === 'CREATE_FAILED')
        ?.ResourceStatusReason,
    ).toBe('WaitCondition timed out. Received 0 conditions when expecting 1');
  });

  it('fails on a FAILURE signal, with its reason', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'failed-signal', TemplateBody: template(1, 120) }));
    const url = await handleUrl('failed-signal');
    expect(await curlSignal(url, { Status: 'FAILURE', Reason: 'disk full', UniqueId: 'vm-a', Data: '' })).toBe('200');
    expect(await settledStatus(cfn, 'failed-signal')).toBe('ROLLBACK_COMPLETE');
    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'failed-signal' }));
    expect(
      StackEvents.find((e) => e.LogicalResourceId === 'Ready' && e.ResourceStatus === 'CREATE_FAILED')
        ?.ResourceStatusReason,
    ).toBe("WaitCondition received failed message: 'disk full' for uniqueId: vm-a");
  });

  it('refuses a signal whose URL was not issued by this service', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'forged', TemplateBody: template(1, 60) }));
    const url = new URL(await handleUrl('forged'));
    url.searchParams.set('Signature', 'A'.repeat(43));
    expect(await curlSignal(url.toString(), { Status: 'SUCCESS', UniqueId: 'x', Reason: '', Data: '' })).toBe('403');
  });
});
