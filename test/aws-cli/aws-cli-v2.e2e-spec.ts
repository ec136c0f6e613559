import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { SystemUnderTest } from '../support/system-under-test';
import { THREE_INSTANCES_YAML } from '../support/templates';

const run = promisify(execFile);

/** The AWS CLI v2 as Debian ships it (package awscli, installed by .ci/run): an independent, real client. */
const AWS_CLI_V2 = '/usr/bin/aws';

describe('the AWS CLI v2 drives a stack through create, wait, describe and delete', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 200 });
  let aws: (...args: string[]) => Promise<string>;
  const scratch: string[] = [];
  const scratchDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    scratch.push(dir);
    return dir;
  };

  beforeAll(async () => {
    await system.start();
    const home = scratchDir('aws-cli-');
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ACCESS_KEY_ID: system.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: system.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'zone-1',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_PAGER: '',
    };
    aws = async (...args) =>
      (await run(AWS_CLI_V2, ['--endpoint-url', system.apiUrl, '--output', 'json', ...args], { env })).stdout;
  }, 120_000);
  afterAll(async () => {
    await system.stop();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('round-trips a stack', async () => {
    const version = await run(AWS_CLI_V2, ['--version']);
    expect(version.stdout).toMatch(/^aws-cli\/2\./);
    const file = join(scratchDir('tpl-'), 'stack.yaml');
    writeFileSync(file, THREE_INSTANCES_YAML);

    const created = JSON.parse(
      await aws(
        'cloudformation',
        'create-stack',
        '--stack-name',
        'cli-v2',
        '--template-body',
        `file://${file}`,
        '--parameters',
        'ParameterKey=Image,ParameterValue=debian-12',
        '--tags',
        'Key=team,Value=platform',
      ),
    );
    expect(created.StackId).toMatch(/^arn:aws:cloudformation:zone-1:\d{12}:stack\/cli-v2\//);

    await aws('cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'cli-v2');
    const described = JSON.parse(await aws('cloudformation', 'describe-stacks', '--stack-name', 'cli-v2')).Stacks[0];
    expect(described).toMatchObject({
      StackStatus: 'CREATE_COMPLETE',
      Parameters: [{ ParameterKey: 'Image', ParameterValue: 'debian-12' }],
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
    expect(described.Outputs.find((o: { OutputKey: string }) => o.OutputKey === 'FirstAddress').OutputValue).toMatch(
      /^10\.77\.\d+\.\d+$/,
    );

    const events = JSON.parse(
      await aws('cloudformation', 'describe-stack-events', '--stack-name', 'cli-v2'),
    ).StackEvents;
    expect(events[0]).toMatchObject({ LogicalResourceId: 'cli-v2', ResourceStatus: 'CREATE_COMPLETE' });
    const resources = JSON.parse(
      await aws('cloudformation', 'list-stack-resources', '--stack-name', 'cli-v2'),
    ).StackResourceSummaries;
    expect(resources.map((r: { LogicalResourceId: string }) => r.LogicalResourceId).sort()).toEqual([
      'First',
      'Second',
      'Third',
    ]);

    await aws('cloudformation', 'delete-stack', '--stack-name', 'cli-v2');
    await aws('cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'cli-v2');
    const vms = await system
      .cloudStack()
      .listAll<{ id: string }>('listVirtualMachines', { listall: true }, 'virtualmachine');
    const physicalIds = resources.map((r: { PhysicalResourceId: string }) => r.PhysicalResourceId);
    expect(vms.filter((vm) => physicalIds.includes(vm.id))).toEqual([]);
  });

  it('reports an unknown stack the way the CLI expects', async () => {
    await expect(aws('cloudformation', 'describe-stacks', '--stack-name', 'nothing-here')).rejects.toMatchObject({
      stderr: expect.stringContaining(
        '(ValidationError) when calling the DescribeStacks operation: Stack with id nothing-here does not exist',
      ),
    });
  });
});
