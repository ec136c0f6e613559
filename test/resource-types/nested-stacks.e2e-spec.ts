import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateSummaryCommand,
  ListStacksCommand,
  StackEvent,
  ValidateTemplateCommand,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';

interface Rule {
  protocol: string;
  startport?: number;
  endport?: number;
  cidr?: string;
}
interface Group {
  id: string;
  ingressrule: Rule[];
}

/** A security group opening Port, served over HTTP by this suite. */
const NETWORK_TEMPLATE = JSON.stringify({
  Parameters: { Port: { Type: 'Number' } },
  Resources: {
    Group: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'app',
        SecurityGroupIngress: [
          { IpProtocol: 'tcp', FromPort: { Ref: 'Port' }, ToPort: { Ref: 'Port' }, CidrIp: '0.0.0.0/0' },
        ],
      },
    },
  },
  Outputs: { GroupId: { Value: { 'Fn::GetAtt': ['Group', 'GroupId'] } } },
});

/** A volume, read from a directory the operator allowed (CFN_TEMPLATE_DIRS), in YAML. */
const STORAGE_TEMPLATE = `
Parameters:
  Size: { Type: Number }
Resources:
  Disk:
    Type: CloudStack::Volume
    Properties: { Size: !Ref Size }
Outputs:
  VolumeId: { Value: !Ref Disk }
`;

/** A volume made, then a VM whose image does not exist: the child fails and rolls back. */
const FAILING_TEMPLATE = JSON.stringify({
  Resources: {
    Disk: { Type: 'CloudStack::Volume', Properties: { Size: 1 } },
    Vm: {
      Type: 'AWS::EC2::Instance',
      DependsOn: 'Disk',
      Properties: { ImageId: 'no-such-image', InstanceType: 'Small Instance' },
    },
  },
});

/** A wait condition nobody signals: the child stays CREATE_IN_PROGRESS for ten minutes unless cancelled. */
const WAITING_TEMPLATE = JSON.stringify({
  Resources: {
    Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
    Wait: { Type: 'AWS::CloudFormation::WaitCondition', Properties: { Handle: { Ref: 'Handle' }, Timeout: '600' } },
  },
});

describe('AWS::CloudFormation::Stack (nested stacks)', () => {
  const templateDir = mkdtempSync(join(tmpdir(), 'cfn-nested-templates-'));
  const system = new SystemUnderTest({ extraEnv: { CFN_TEMPLATE_DIRS: templateDir } });
  let server: Server;
  let baseUrl = '';
  const cs = () => system.cloudStack();
  const waiter = () => ({ client: system.cloudFormation(), maxWaitTime: 180, minDelay: 1, maxDelay: 2 });
  const groupIds = async () =>
    (await cs().listAll<{ id: string }>('listSecurityGroups', { listall: true }, 'securitygroup')).map((g) => g.id);
  const volumeIds = async () =>
    (await cs().listAll<{ id: string }>('listVolumes', { listall: true }, 'volume')).map((v) => v.id);

  beforeAll(async () => {
    writeFileSync(join(templateDir, 'storage.yaml'), STORAGE_TEMPLATE);
    server = createServer((request, response) => {
      const body = {
        '/network.json': NETWORK_TEMPLATE,
        '/failing.json': FAILING_TEMPLATE,
        '/waiting.json': WAITING_TEMPLATE,
        '/outer.json': outerTemplate(),
      }[request.url ?? ''];
      response.statusCode = body ? 200 : 404;
      response.end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await system.start();
  }, 180_000);

  afterAll(async () => {
    await system.stop();
    await new Promise((resolve) => server.close(resolve));
    rmSync(templateDir, { recursive: true, force: true });
  }, 60_000);

  /** A nested stack that nests the network stack in turn, passing its output up. */
  const outerTemplate = () =>
    JSON.stringify({
      Resources: {
        Inner: {
          Type: 'AWS::CloudFormation::Stack',
          Properties: { TemplateURL: `${baseUrl}/network.json`, Parameters: { Port: 9000 } },
        },
      },
      Outputs: { GroupId: { Value: { 'Fn::GetAtt': ['Inner', 'Outputs.GroupId'] } } },
    });

  const parentTemplate = () =>
    JSON.stringify({
      Resources: {
        Network: {
          Type: 'AWS::CloudFormation::Stack',
          Properties: { TemplateURL: `${baseUrl}/network.json`, Parameters: { Port: 8080 }, TimeoutInMinutes: 10 },
        },
        Storage: {
          Type: 'AWS::CloudFormation::Stack',
          Properties: { TemplateURL: join(templateDir, 'storage.yaml'), Parameters: { Size: 4 } },
        },
        // Fed by the nested stack's output.
        SshIn: {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: {
            GroupId: { 'Fn::GetAtt': ['Network', 'Outputs.GroupId'] },
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            CidrIp: '192.0.2.0/24',
          },
        },
      },
      Outputs: {
        GroupId: { Value: { 'Fn::GetAtt': ['Network', 'Outputs.GroupId'] } },
        VolumeId: { Value: { 'Fn::GetAtt': ['Storage', 'Outputs.VolumeId'] } },
      },
    });

  async function events(cfn: CloudFormationClient, stackName: string): Promise<StackEvent[]> {
    return (await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents ?? [];
  }

  it('creates the children, feeds their outputs to the parent, and deletes them with it', async () => {
    const cfn = system.cloudFormation();
    const { StackId: parentArn } = await cfn.send(
      new CreateStackCommand({ StackName: 'nested', TemplateBody: parentTemplate() }),
    );
    expect(await settledStatus(cfn, 'nested', 180_000)).toBe('CREATE_COMPLETE');

    const [parent] = (await cfn.send(new DescribeStacksCommand({ StackName: 'nested' }))).Stacks!;
    const outputs = Object.fromEntries(parent.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    const [group] = await cs().listAll<Group>('listSecurityGroups', { id: outputs.GroupId }, 'securitygroup');
    expect(group.ingressrule.map((rule) => rule.startport).sort()).toEqual([22, 8080]);
    const [volume] = await cs().listAll<{ id: string; size: number }>(
      'listVolumes',
      { id: outputs.VolumeId },
      'volume',
    );
    expect(volume.size).toBe(4 * 1024 ** 3);

    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'nested' }));
    const childArns = ['Network', 'Storage'].map(
      (id) => StackResources.find((r) => r.LogicalResourceId === id)!.PhysicalResourceId!,
    );
    // Printed, not asserted: how long the api/validator hop takes from the parent's resource to its child's start.
    const started = (await events(cfn, 'nested')).find(
      (e) => e.LogicalResourceId === 'Network' && e.ResourceStatus === 'CREATE_IN_PROGRESS',
    )!;
    expect(started.PhysicalResourceId).toBe(childArns[0]);
    const childStarted = (await events(cfn, childArns[0])).find(
      (e) => e.PhysicalResourceId === childArns[0] && e.ResourceStatus === 'CREATE_IN_PROGRESS',
    )!;
    console.log(
      `nested stack: child CREATE_IN_PROGRESS ${childStarted.Timestamp!.getTime() - started.Timestamp!.getTime()} ms after the parent's resource started`,
    );
    for (const [index, childArn] of childArns.entries()) {
      const [child] = (await cfn.send(new DescribeStacksCommand({ StackName: childArn }))).Stacks!;
      expect(child.StackName).toMatch(new RegExp(`^nested-${['Network', 'Storage'][index]}-[A-Z0-9]{12}$`));
      expect(child).toMatchObject({
        StackId: childArn,
        StackStatus: 'CREATE_COMPLETE',
        ParentId: parentArn,
        RootId: parentArn,
      });
      expect(
        (await events(cfn, childArn)).some(
          (e) => e.LogicalResourceId === child.StackName && e.ResourceStatus === 'CREATE_COMPLETE',
        ),
      ).toBe(true);
    }
    const { StackSummaries = [] } = await cfn.send(new ListStacksCommand({}));
    expect(
      StackSummaries.filter((s) => s.ParentId === parentArn)
        .map((s) => s.StackId)
        .sort(),
    ).toEqual([...childArns].sort());

    await cfn.send(new DeleteStackCommand({ StackName: 'nested' }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: parentArn });
    for (const childArn of childArns) {
      expect((await cfn.send(new DescribeStacksCommand({ StackName: childArn }))).Stacks![0].StackStatus).toBe(
        'DELETE_COMPLETE',
      );
    }
    expect(await groupIds()).not.toContain(outputs.GroupId);
    expect(await volumeIds()).not.toContain(outputs.VolumeId);
  });

  it('rolls the parent back when a child fails, in AWS words, leaving nothing', async () => {
    const cfn = system.cloudFormation();
    const template = JSON.stringify({
      Resources: {
        Sibling: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'sibling' } },
        Broken: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `${baseUrl}/failing.json` } },
      },
    });
    await cfn.send(new CreateStackCommand({ StackName: 'failing', TemplateBody: template }));
    expect(await settledStatus(cfn, 'failing', 180_000)).toBe('ROLLBACK_COMPLETE');

    const parentEvents = await events(cfn, 'failing');
    const failed = parentEvents.find((e) => e.LogicalResourceId === 'Broken' && e.ResourceStatus === 'CREATE_FAILED')!;
    expect(failed.ResourceStatusReason).toMatch(
      /^Embedded stack arn:aws:cloudformation:[^:]+:\d{12}:stack\/failing-Broken-[A-Z0-9]{12}\/[0-9a-f-]{36} was not successfully created: The following resource\(s\) failed to create: \[Vm\]\.$/,
    );
    const childArn = failed.PhysicalResourceId!;
    expect(await settledStatus(cfn, childArn, 120_000)).toBe('DELETE_COMPLETE');
    const childEvents = await events(cfn, childArn);
    expect(childEvents.some((e) => e.LogicalResourceId === 'Disk' && e.ResourceStatus === 'DELETE_COMPLETE')).toBe(
      true,
    );
    const sibling = parentEvents.find(
      (e) => e.LogicalResourceId === 'Sibling' && e.ResourceStatus === 'CREATE_COMPLETE',
    );
    expect(sibling).toBeDefined();
    expect(await groupIds()).not.toContain(sibling!.PhysicalResourceId);
    const disk = childEvents.find((e) => e.LogicalResourceId === 'Disk' && e.ResourceStatus === 'CREATE_COMPLETE')!;
    expect(await volumeIds()).not.toContain(disk.PhysicalResourceId);
  });

  it('refuses a TemplateURL outside the allowed places before anything is created', async () => {
    const cfn = system.cloudFormation();
    const outside = JSON.stringify({
      Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: '/etc/cfn/secret.yaml' } } },
    });
    await expect(
      cfn.send(new CreateStackCommand({ StackName: 'outside', TemplateBody: outside })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        'Properties validation failed for resource Child with message: TemplateURL must be a supported URL. ' +
        '/etc/cfn/secret.yaml: /etc/cfn/secret.yaml is not inside an allowed template directory',
    });
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'outside' }))).rejects.toMatchObject({
      message: 'Stack with id outside does not exist',
    });
  });

  it('takes TemplateURL in CreateStack, ValidateTemplate and GetTemplateSummary, with clear errors', async () => {
    const cfn = system.cloudFormation();
    const validated = await cfn.send(new ValidateTemplateCommand({ TemplateURL: `${baseUrl}/network.json` }));
    expect(validated.Parameters!.map((p) => p.ParameterKey)).toEqual(['Port']);
    const summary = await cfn.send(new GetTemplateSummaryCommand({ TemplateURL: join(templateDir, 'storage.yaml') }));
    expect(summary.ResourceTypes).toEqual(['CloudStack::Volume']);
    await expect(
      cfn.send(new ValidateTemplateCommand({ TemplateURL: 'ftp://example.com/t.json' })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/^TemplateURL must be a supported URL\. /),
    });
    await expect(
      cfn.send(new CreateStackCommand({ StackName: 'missing', TemplateURL: `${baseUrl}/missing.json` })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: `Error reading the template at ${baseUrl}/missing.json: the server answered 404 Not Found`,
    });
    await expect(
      cfn.send(
        new CreateStackCommand({
          StackName: 'both',
          TemplateURL: `${baseUrl}/network.json`,
          TemplateBody: NETWORK_TEMPLATE,
        }),
      ),
    ).rejects.toMatchObject({ message: 'You cannot specify both Template URL and Template Body.' });

    const { StackId } = await cfn.send(
      new CreateStackCommand({
        StackName: 'by-url',
        TemplateURL: join(templateDir, 'storage.yaml'),
        Parameters: [{ ParameterKey: 'Size', ParameterValue: '1' }],
      }),
    );
    expect(await settledStatus(cfn, 'by-url')).toBe('CREATE_COMPLETE');
    await cfn.send(new DeleteStackCommand({ StackName: 'by-url' }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: StackId });
  });

  it('nests stacks in nested stacks: ParentId is the stack above, RootId the top one', async () => {
    const cfn = system.cloudFormation();
    const { StackId: rootArn } = await cfn.send(
      new CreateStackCommand({
        StackName: 'deep',
        TemplateBody: JSON.stringify({
          Resources: {
            Outer: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `${baseUrl}/outer.json` } },
          },
          Outputs: { GroupId: { Value: { 'Fn::GetAtt': ['Outer', 'Outputs.GroupId'] } } },
        }),
      }),
    );
    expect(await settledStatus(cfn, 'deep', 180_000)).toBe('CREATE_COMPLETE');
    const [root] = (await cfn.send(new DescribeStacksCommand({ StackName: 'deep' }))).Stacks!;
    const groupId = root.Outputs!.find((o) => o.OutputKey === 'GroupId')!.OutputValue!;
    expect(await groupIds()).toContain(groupId);
    const outerArn = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'deep' }))).StackResources![0]
      .PhysicalResourceId!;
    const innerArn = (await cfn.send(new DescribeStackResourcesCommand({ StackName: outerArn }))).StackResources![0]
      .PhysicalResourceId!;
    const [inner] = (await cfn.send(new DescribeStacksCommand({ StackName: innerArn }))).Stacks!;
    expect(inner).toMatchObject({ ParentId: outerArn, RootId: rootArn });
    expect(inner.StackName).toMatch(/^deep-Outer-[A-Z0-9]{12}-Inner-[A-Z0-9]{12}$/);

    await cfn.send(new DeleteStackCommand({ StackName: 'deep' }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: rootArn });
    expect((await cfn.send(new DescribeStacksCommand({ StackName: innerArn }))).Stacks![0].StackStatus).toBe(
      'DELETE_COMPLETE',
    );
    expect(await groupIds()).not.toContain(groupId);
  });

  it('fails the resource with the reason when the child template cannot be read, making no child', async () => {
    const cfn = system.cloudFormation();
    const { StackId: parentArn } = await cfn.send(
      new CreateStackCommand({
        StackName: 'unreadable',
        TemplateBody: JSON.stringify({
          Parameters: { Url: { Type: 'String' } },
          Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: { Ref: 'Url' } } } },
        }),
        Parameters: [{ ParameterKey: 'Url', ParameterValue: `${baseUrl}/gone.json` }],
      }),
    );
    expect(await settledStatus(cfn, 'unreadable')).toBe('ROLLBACK_COMPLETE');
    const failed = (await events(cfn, 'unreadable')).find(
      (e) => e.LogicalResourceId === 'Child' && e.ResourceStatus === 'CREATE_FAILED',
    );
    expect(failed?.ResourceStatusReason).toBe(
      `Error reading the template at ${baseUrl}/gone.json: the server answered 404 Not Found`,
    );
    expect(failed?.PhysicalResourceId || undefined).toBeUndefined();
    const { StackSummaries = [] } = await cfn.send(new ListStacksCommand({}));
    expect(StackSummaries.filter((s) => s.ParentId === parentArn)).toEqual([]);
  });

  it('cancels a child still being created when the parent rolls back, without waiting for it', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(
      new CreateStackCommand({
        StackName: 'cancelled',
        TemplateBody: JSON.stringify({
          Resources: {
            Slow: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `${baseUrl}/waiting.json` } },
            // Fails once the child exists, while the child waits for a signal that never comes.
            Broken: {
              Type: 'AWS::EC2::Instance',
              DependsOn: 'Gate',
              Properties: { ImageId: 'no-such-image', InstanceType: 'Small Instance' },
            },
            Gate: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
          },
        }),
      }),
    );
    // Far less than the child's 600 s wait condition.
    expect(await settledStatus(cfn, 'cancelled', 240_000)).toBe('ROLLBACK_COMPLETE');
    const parentEvents = await events(cfn, 'cancelled');
    const slow = parentEvents.filter((e) => e.LogicalResourceId === 'Slow');
    expect(slow.find((e) => e.ResourceStatus === 'CREATE_FAILED')?.ResourceStatusReason).toMatch(
      /^Embedded stack arn:\S+\/cancelled-Slow-[A-Z0-9]{12}\/\S+ was not successfully created: Resource creation cancelled$/,
    );
    expect(slow.map((e) => e.ResourceStatus)).toContain('DELETE_COMPLETE');
    const child = (await cfn.send(new ListStacksCommand({}))).StackSummaries!.find((s) =>
      /^cancelled-Slow-/.test(s.StackName!),
    );
    expect(child?.StackStatus).toBe('DELETE_COMPLETE');
  }, 300_000);

  it('fails the resource after TimeoutInMinutes, rolling back and deleting the child', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(
      new CreateStackCommand({
        StackName: 'timed-out',
        TemplateBody: JSON.stringify({
          Resources: {
            Slow: {
              Type: 'AWS::CloudFormation::Stack',
              Properties: { TemplateURL: `${baseUrl}/waiting.json`, TimeoutInMinutes: 1 },
            },
          },
        }),
      }),
    );
    // The child's wait condition would wait 600 s; the resource gives up after one minute.
    expect(await settledStatus(cfn, 'timed-out', 240_000)).toBe('ROLLBACK_COMPLETE');
    const failed = (await events(cfn, 'timed-out')).find(
      (e) => e.LogicalResourceId === 'Slow' && e.ResourceStatus === 'CREATE_FAILED',
    )!;
    expect(failed.ResourceStatusReason).toMatch(
      /^Embedded stack arn:\S+\/timed-out-Slow-[A-Z0-9]{12}\/\S+ was not successfully created: Stack creation time exceeded the specified timeout$/,
    );
    expect(await settledStatus(cfn, failed.PhysicalResourceId!)).toBe('DELETE_COMPLETE');
  }, 300_000);
});
