import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  CancelUpdateStackCommand,
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  StackEvent,
  UpdateStackCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';

import { stackEventsOldestFirst } from '../support/stack-events';
import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';

interface SimVm {
  id: string;
  name: string;
  state: string;
  templatename: string;
  serviceofferingname: string;
  nic: Array<{ ipaddress: string }>;
  tags?: Array<{ key: string; value: string }>;
}

/**
 * v1: Db (image from a parameter), Web (tagged with Db's id, so it follows a replaced Db), Old.
 * v2: the image changes (Db replaced), Web's type changes (in place), Old is removed, Cache is added.
 */
const V1 = {
  Parameters: { Image: { Type: 'String', Default: 'debian-12' } },
  Resources: {
    Db: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { Ref: 'Image' }, InstanceType: 'Small Instance' } },
    Web: {
      Type: 'AWS::EC2::Instance',
      Properties: {
        ImageId: 'debian-12',
        InstanceType: 'Small Instance',
        Tags: [{ Key: 'DbId', Value: { Ref: 'Db' } }],
      },
    },
    Old: {
      Type: 'CloudStack::VirtualMachine',
      Properties: { TemplateId: 'debian-12', ServiceOfferingId: 'Small Instance' },
    },
  },
  Outputs: { DbAddress: { Value: { 'Fn::GetAtt': ['Db', 'PrivateIp'] } } },
};

const V2 = {
  ...V1,
  Resources: {
    Db: V1.Resources.Db,
    Web: { ...V1.Resources.Web, Properties: { ...V1.Resources.Web.Properties, InstanceType: 'Medium Instance' } },
    Cache: {
      Type: 'CloudStack::VirtualMachine',
      Properties: { TemplateId: 'debian-12', ServiceOfferingId: 'Small Instance' },
    },
  },
};

/** v3 fails: Db's new image does not exist. Cache changes in place and Extra is added alongside, and both are undone. */
const V3 = {
  ...V2,
  Resources: {
    ...V2.Resources,
    Cache: {
      ...V2.Resources.Cache,
      Properties: { ...V2.Resources.Cache.Properties, ServiceOfferingId: 'Large Instance' },
    },
    Extra: {
      Type: 'CloudStack::VirtualMachine',
      Properties: { TemplateId: 'debian-12', ServiceOfferingId: 'Small Instance' },
    },
  },
};

describe('UpdateStack as AWS defines it: in place, replacement, added and removed resources, rollback', () => {
  const templateDir = mkdtempSync(join(tmpdir(), 'cfn-update-templates-'));
  const system = new SystemUnderTest({ deployLatencyMs: 200, extraEnv: { CFN_TEMPLATE_DIRS: templateDir } });
  const waiter = () => ({ client: system.cloudFormation(), maxWaitTime: 180, minDelay: 1, maxDelay: 2 });
  let cfn: CloudFormationClient;

  beforeAll(async () => {
    await system.start();
    cfn = system.cloudFormation();
  }, 120_000);
  afterAll(async () => {
    await system.stop();
    rmSync(templateDir, { recursive: true, force: true });
  }, 60_000);

  /** Writes a template where the api may read it (CFN_TEMPLATE_DIRS) and gives its file:// URL. */
  function templateUrl(name: string, body: string): string {
    writeFileSync(join(templateDir, name), body);
    return `file://${join(templateDir, name)}`;
  }

  const events = (stackName: string) => stackEventsOldestFirst(cfn, stackName);

  async function physicalIds(stackName: string): Promise<Record<string, string>> {
    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
    return Object.fromEntries(StackResources.map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));
  }

  async function vms(): Promise<SimVm[]> {
    return system.cloudStack().listAll<SimVm>('listVirtualMachines', { listall: true }, 'virtualmachine');
  }

  const stackStatuses = (all: StackEvent[], stackName: string) =>
    all.filter((e) => e.LogicalResourceId === stackName).map((e) => e.ResourceStatus);

  it('updates in place, replaces, adds and removes, then refuses an update that changes nothing', async () => {
    const stackName = 'updates';
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(V1) }));
    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    const before = await physicalIds(stackName);
    const eventsBefore = (await events(stackName)).length;

    const body = JSON.stringify(V2);
    const { StackId } = await cfn.send(
      new UpdateStackCommand({
        StackName: stackName,
        TemplateBody: body,
        Parameters: [{ ParameterKey: 'Image', ParameterValue: 'ubuntu-22.04' }],
      }),
    );
    expect(StackId).toContain(`:stack/${stackName}/`);
    const [updating] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    expect(updating.StackStatus).toMatch(/^UPDATE_/);
    await waitUntilStackUpdateComplete(waiter(), { StackName: stackName });

    const after = await physicalIds(stackName);
    expect(Object.keys(after).sort()).toEqual(['Cache', 'Db', 'Web']);
    expect(after.Web).toBe(before.Web);
    expect(after.Db).not.toBe(before.Db);
    const cloud = await vms();
    const byId = (id: string) => cloud.find((vm) => vm.id === id);
    expect(byId(after.Web)).toMatchObject({ state: 'Running', serviceofferingname: 'Medium Instance' });
    expect(byId(after.Web)!.tags).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'DbId', value: after.Db })]),
    );
    expect(byId(after.Db)).toMatchObject({ state: 'Running', templatename: 'ubuntu-22.04' });
    expect(byId(after.Cache)?.state).toBe('Running');
    expect(byId(before.Db)).toBeUndefined();
    expect(byId(before.Old)).toBeUndefined();

    const update = (await events(stackName)).slice(eventsBefore);
    expect(stackStatuses(update, stackName)).toEqual([
      'UPDATE_IN_PROGRESS',
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_COMPLETE',
    ]);
    const at = (logicalId: string, status: string, physicalId?: string) =>
      update.findIndex(
        (e) =>
          e.LogicalResourceId === logicalId &&
          e.ResourceStatus === status &&
          (!physicalId || e.PhysicalResourceId === physicalId),
      );
    const cleanup = at(stackName, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    expect(update[at('Db', 'UPDATE_IN_PROGRESS')].ResourceStatusReason).toBe(
      'Requested update requires the creation of a new physical resource; hence creating one.',
    );
    expect(at('Db', 'UPDATE_COMPLETE', after.Db)).toBeGreaterThan(at('Db', 'UPDATE_IN_PROGRESS'));
    // Web's tag names Db: it is updated after Db's replacement exists.
    expect(at('Web', 'UPDATE_IN_PROGRESS')).toBeGreaterThan(at('Db', 'UPDATE_COMPLETE'));
    expect(at('Web', 'UPDATE_COMPLETE')).toBeLessThan(cleanup);
    expect(at('Cache', 'CREATE_COMPLETE')).toBeLessThan(cleanup);
    // The old Db and the removed Old go in the clean-up.
    expect(at('Db', 'DELETE_IN_PROGRESS', before.Db)).toBeGreaterThan(cleanup);
    expect(at('Db', 'DELETE_COMPLETE', before.Db)).toBeGreaterThan(cleanup);
    expect(at('Old', 'DELETE_COMPLETE', before.Old)).toBeGreaterThan(cleanup);

    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    expect(stack.Parameters).toEqual([{ ParameterKey: 'Image', ParameterValue: 'ubuntu-22.04' }]);
    expect(stack.Outputs).toEqual([
      expect.objectContaining({ OutputKey: 'DbAddress', OutputValue: byId(after.Db)!.nic[0].ipaddress }),
    ]);
    expect(stack.LastUpdatedTime).toBeInstanceOf(Date);
    expect((await cfn.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody).toBe(body);

    await expect(
      cfn.send(
        new UpdateStackCommand({
          StackName: stackName,
          TemplateBody: body,
          Parameters: [{ ParameterKey: 'Image', UsePreviousValue: true }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', message: 'No updates are to be performed.' });

    // A failing update rolls back to v2 with v2's objects intact.
    await cfn.send(
      new UpdateStackCommand({
        StackName: stackName,
        TemplateBody: JSON.stringify(V3),
        Parameters: [{ ParameterKey: 'Image', ParameterValue: 'no-such-image' }],
      }),
    );
    await expect(waitUntilStackUpdateComplete(waiter(), { StackName: stackName })).rejects.toThrow();
    expect(await settledStatus(cfn, stackName)).toBe('UPDATE_ROLLBACK_COMPLETE');
    const rolledBack = await physicalIds(stackName);
    expect(rolledBack).toEqual(after);
    const cloudAfter = await vms();
    const now = (id: string) => cloudAfter.find((vm) => vm.id === id);
    expect(now(after.Db)).toMatchObject({ state: 'Running', templatename: 'ubuntu-22.04' });
    expect(now(after.Cache)).toMatchObject({ state: 'Running', serviceofferingname: 'Small Instance' });
    expect(now(after.Web)).toMatchObject({ state: 'Running', serviceofferingname: 'Medium Instance' });
    expect(cloudAfter.filter((vm) => !Object.values(after).includes(vm.id) && vm.state !== 'Error')).toEqual([]);
    const failing = (await events(stackName)).filter((e) => e.Timestamp! >= update[update.length - 1].Timestamp!);
    expect(stackStatuses(failing, stackName)).toEqual(
      expect.arrayContaining([
        'UPDATE_IN_PROGRESS',
        'UPDATE_ROLLBACK_IN_PROGRESS',
        'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
        'UPDATE_ROLLBACK_COMPLETE',
      ]),
    );
    expect(
      failing.find((e) => e.LogicalResourceId === stackName && e.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS')!
        .ResourceStatusReason,
    ).toBe('The following resource(s) failed to update: [Db]. ');
    expect(failing.some((e) => e.LogicalResourceId === 'Db' && e.ResourceStatus === 'UPDATE_FAILED')).toBe(true);
    expect(failing.some((e) => e.LogicalResourceId === 'Extra' && e.ResourceStatus === 'DELETE_COMPLETE')).toBe(true);
    const [restored] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    expect(restored.Parameters).toEqual([{ ParameterKey: 'Image', ParameterValue: 'ubuntu-22.04' }]);
    expect((await cfn.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody).toBe(body);

    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: stackName });
    expect((await vms()).filter((vm) => vm.state !== 'Error')).toEqual([]);
  }, 600_000);

  it('refuses updates in AWS terms: a stack being updated, a changed resource type, a missing stack', async () => {
    const stackName = 'refusals';
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(V1) }));
    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    const retyped = {
      ...V1,
      Resources: { ...V1.Resources, Old: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'debian-12' } } },
    };
    await expect(
      cfn.send(new UpdateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(retyped) })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        'Update of resource type is not permitted. The new template modifies resource type of the following resources: [Old]',
    });
    await cfn.send(new UpdateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(V2) }));
    await expect(
      cfn.send(
        new UpdateStackCommand({
          StackName: stackName,
          UsePreviousTemplate: true,
          Parameters: [{ ParameterKey: 'Image', ParameterValue: 'ubuntu-22.04' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/is in UPDATE_IN_PROGRESS state and can not be updated\.$/),
    });
    // As AWS: no delete while an update (or its clean-up) runs; the replaced objects are never left behind.
    await expect(cfn.send(new DeleteStackCommand({ StackName: stackName }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(
        /^Stack \[arn:aws:cloudformation:[^\]]+:stack\/refusals\/[^\]]+\] cannot be deleted while in status UPDATE_(COMPLETE_CLEANUP_)?IN_PROGRESS$/,
      ),
    });
    await waitUntilStackUpdateComplete(waiter(), { StackName: stackName });
    await expect(
      cfn.send(new UpdateStackCommand({ StackName: 'no-such-stack', UsePreviousTemplate: true })),
    ).rejects.toMatchObject({ name: 'ValidationError', message: 'Stack with id no-such-stack does not exist' });
    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: stackName });
  }, 300_000);

  it('takes TemplateURL and UsePreviousTemplate in UpdateStack and CreateChangeSet, with the errors of CreateStack', async () => {
    const stackName = 'by-url';
    // Over the 51,200 bytes allowed inline: only a template given by URL may be this large (1 MB, as in AWS).
    const big = JSON.stringify({ ...V1, Metadata: { Padding: 'x'.repeat(60_000) } });
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateURL: templateUrl('v1-big.json', big) }));
    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    const v2Url = templateUrl('v2.json', JSON.stringify(V2));

    await expect(
      cfn.send(new UpdateStackCommand({ StackName: stackName, TemplateURL: v2Url, TemplateBody: JSON.stringify(V2) })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'You cannot specify both Template URL and Template Body.',
    });
    await expect(
      cfn.send(new UpdateStackCommand({ StackName: stackName, TemplateURL: v2Url, UsePreviousTemplate: true })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'You cannot specify both usePreviousTemplate and Template Body/Template URL.',
    });
    await expect(cfn.send(new UpdateStackCommand({ StackName: stackName }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Either Template URL or Template Body must be specified.',
    });
    await expect(
      cfn.send(
        new UpdateStackCommand({ StackName: stackName, TemplateURL: `file://${join(templateDir, 'missing.json')}` }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/^Error reading the template at /),
    });
    await expect(
      cfn.send(
        new CreateChangeSetCommand({
          StackName: stackName,
          ChangeSetName: 'both',
          TemplateURL: v2Url,
          TemplateBody: JSON.stringify(V2),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'You cannot specify both Template URL and Template Body.',
    });

    // The stored 60 KB body is checked with the limits of a template that came by URL.
    await cfn.send(
      new UpdateStackCommand({
        StackName: stackName,
        UsePreviousTemplate: true,
        Parameters: [{ ParameterKey: 'Image', ParameterValue: 'ubuntu-22.04' }],
      }),
    );
    await waitUntilStackUpdateComplete(waiter(), { StackName: stackName });
    expect((await cfn.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody).toBe(big);

    await cfn.send(
      new CreateChangeSetCommand({
        StackName: stackName,
        ChangeSetName: 'to-v2',
        TemplateURL: v2Url,
        Parameters: [{ ParameterKey: 'Image', UsePreviousValue: true }],
      }),
    );
    await waitUntilChangeSetCreateComplete(waiter(), { StackName: stackName, ChangeSetName: 'to-v2' });
    await cfn.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: 'to-v2' }));
    await waitUntilStackUpdateComplete(waiter(), { StackName: stackName });
    expect((await cfn.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody).toBe(JSON.stringify(V2));
    expect(Object.keys(await physicalIds(stackName)).sort()).toEqual(['Cache', 'Db', 'Web']);

    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: stackName });
  }, 600_000);

  it('acts once on a retried UpdateStack, CreateChangeSet, ExecuteChangeSet (same token); the events carry the token', async () => {
    const stackName = 'retried';
    await cfn.send(
      new CreateStackCommand({
        StackName: stackName,
        TemplateBody: JSON.stringify(V1),
        ClientRequestToken: 'create-1',
      }),
    );
    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    const eventsBefore = (await events(stackName)).length;

    const update = { StackName: stackName, TemplateBody: JSON.stringify(V2), ClientRequestToken: 'update-1' };
    const first = await cfn.send(new UpdateStackCommand(update));
    // The retry comes while the update is in progress: it is answered as the first call, not refused, not repeated.
    expect((await cfn.send(new UpdateStackCommand(update))).StackId).toBe(first.StackId);
    await expect(
      cfn.send(new CancelUpdateStackCommand({ StackName: stackName, ClientRequestToken: 'update-1' })),
    ).rejects.toMatchObject({
      name: 'TokenAlreadyExistsException',
      message: 'Another UpdateStack request with token update-1 is already in use',
    });
    await waitUntilStackUpdateComplete(waiter(), { StackName: stackName });
    expect((await cfn.send(new UpdateStackCommand(update))).StackId).toBe(first.StackId);

    const updateEvents = (await events(stackName)).slice(eventsBefore);
    expect(stackStatuses(updateEvents, stackName)).toEqual([
      'UPDATE_IN_PROGRESS',
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_COMPLETE',
    ]);
    expect(updateEvents.length).toBeGreaterThan(3);
    expect(updateEvents.filter((e) => e.ClientRequestToken !== 'update-1')).toEqual([]);

    const changeSet = {
      StackName: stackName,
      ChangeSetName: 'bigger-db',
      ClientToken: 'cs-1',
      UsePreviousTemplate: true,
      Parameters: [{ ParameterKey: 'Image', ParameterValue: 'ubuntu-22.04' }],
    };
    const made = await cfn.send(new CreateChangeSetCommand(changeSet));
    expect((await cfn.send(new CreateChangeSetCommand(changeSet))).Id).toBe(made.Id);
    await waitUntilChangeSetCreateComplete(waiter(), { StackName: stackName, ChangeSetName: 'bigger-db' });
    const execute = { StackName: stackName, ChangeSetName: 'bigger-db', ClientRequestToken: 'execute-1' };
    await cfn.send(new ExecuteChangeSetCommand(execute));
    await cfn.send(new ExecuteChangeSetCommand(execute));
    await waitUntilStackUpdateComplete(waiter(), { StackName: stackName });
    const executeEvents = (await events(stackName)).slice(eventsBefore + updateEvents.length);
    expect(stackStatuses(executeEvents, stackName)).toEqual([
      'UPDATE_IN_PROGRESS',
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_COMPLETE',
    ]);
    expect(executeEvents.filter((e) => e.ClientRequestToken !== 'execute-1')).toEqual([]);

    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: stackName });
  }, 600_000);

  it('tags the objects an update makes with the stack Tags the update sets', async () => {
    const stackName = 'tagged';
    await cfn.send(
      new CreateStackCommand({
        StackName: stackName,
        TemplateBody: JSON.stringify(V1),
        Tags: [{ Key: 'Owner', Value: 'team-a' }],
      }),
    );
    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    const before = await physicalIds(stackName);
    const ownerOf = (vm: SimVm | undefined) => vm?.tags?.find((tag) => tag.key === 'Owner')?.value;
    expect(ownerOf((await vms()).find((vm) => vm.id === before.Db))).toBe('team-a');

    await cfn.send(
      new UpdateStackCommand({
        StackName: stackName,
        TemplateBody: JSON.stringify(V2),
        Parameters: [{ ParameterKey: 'Image', ParameterValue: 'ubuntu-22.04' }],
        Tags: [
          { Key: 'Owner', Value: 'team-b' },
          { Key: 'CostCentre', Value: '42' },
        ],
      }),
    );
    await waitUntilStackUpdateComplete(waiter(), { StackName: stackName });
    const after = await physicalIds(stackName);
    expect(after.Db).not.toBe(before.Db);
    const cloud = await vms();
    // Db is a replacement, Cache is new, Web was changed in place (its stack tags follow, its own tag stays).
    expect(after.Web).toBe(before.Web);
    expect(cloud.find((vm) => vm.id === after.Web)?.tags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'DbId', value: after.Db }),
        expect.objectContaining({ key: 'Owner', value: 'team-b' }),
      ]),
    );
    for (const made of [after.Db, after.Cache]) {
      const vm = cloud.find((candidate) => candidate.id === made);
      expect(vm?.tags).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'Owner', value: 'team-b' }),
          expect.objectContaining({ key: 'CostCentre', value: '42' }),
        ]),
      );
    }
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    expect(stack.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'Owner', Value: 'team-b' },
        { Key: 'CostCentre', Value: '42' },
      ]),
    );

    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: stackName });
  }, 600_000);
});
