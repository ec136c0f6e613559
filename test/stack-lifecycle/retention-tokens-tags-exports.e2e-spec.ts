import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ListExportsCommand,
  ListImportsCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

import { stackEventsOldestFirst } from '../support/stack-events';
import { settledStatus, untilDeleted } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

interface Tag {
  key: string;
  value: string;
}
interface Tagged {
  id: string;
  tags?: Tag[];
}
interface SimSnapshot extends Tagged {
  volumeid: string;
  state: string;
  name: string;
}

/** Exports a security group's id; keeps that group (Retain) and a snapshot of its volume (Snapshot). */
const EXPORTER = JSON.stringify({
  Resources: {
    Kept: { Type: 'CloudStack::SecurityGroup', DeletionPolicy: 'Retain', Properties: { Description: 'kept' } },
    Extra: { Type: 'CloudStack::SecurityGroup', Properties: { Description: 'retained by RetainResources' } },
    Host: {
      Type: 'CloudStack::VirtualMachine',
      Properties: { TemplateId: 'debian-12', ServiceOfferingId: 'Small Instance' },
    },
    Data: { Type: 'CloudStack::Volume', DeletionPolicy: 'Snapshot', Properties: { Size: 2 } },
    Attach: {
      Type: 'CloudStack::VolumeAttachment',
      Properties: { VolumeId: { Ref: 'Data' }, VirtualMachineId: { Ref: 'Host' } },
    },
  },
  Outputs: { GroupId: { Value: { Ref: 'Kept' }, Export: { Name: 'shared-group' } } },
});

const IMPORTER = JSON.stringify({
  Resources: {
    Peer: { Type: 'CloudStack::SecurityGroup', Properties: { Description: { 'Fn::ImportValue': 'shared-group' } } },
  },
  Outputs: { Imported: { Value: { 'Fn::ImportValue': 'shared-group' } } },
});

const SECOND_EXPORTER = JSON.stringify({
  Resources: { Group: { Type: 'CloudStack::SecurityGroup', Properties: { Description: 'clash' } } },
  Outputs: { Again: { Value: { Ref: 'Group' }, Export: { Name: 'shared-group' } } },
});

const MISSING_IMPORT = JSON.stringify({
  Resources: {
    Group: { Type: 'CloudStack::SecurityGroup', Properties: { Description: { 'Fn::ImportValue': 'no-such-export' } } },
  },
});

const RETAINED_ON_ROLLBACK = JSON.stringify({
  Resources: {
    Kept: {
      Type: 'CloudStack::SecurityGroup',
      DeletionPolicy: 'Retain',
      Properties: { Description: 'outlives the rollback' },
    },
    Broken: {
      Type: 'AWS::EC2::Instance',
      DependsOn: 'Kept',
      Properties: { ImageId: 'no-such-image', InstanceType: 'Small Instance' },
    },
  },
});

describe('what a stack leaves behind and shares: DeletionPolicy, RetainResources, tokens, stack tags, exports', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 100 });
  const waiter = () => ({ client: system.cloudFormation(), maxWaitTime: 180, minDelay: 1, maxDelay: 2 });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  const eventsOf = stackEventsOldestFirst;

  async function physicalIds(cfn: CloudFormationClient, stack: string): Promise<Record<string, string>> {
    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stack }));
    return Object.fromEntries(StackResources.map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));
  }

  const list = <T>(command: string, item: string, params: Record<string, string | boolean> = {}) =>
    system.cloudStack().listAll<T>(command, { listall: true, ...params }, item);
  const tagsOf = (object: Tagged | undefined) => Object.fromEntries((object?.tags ?? []).map((t) => [t.key, t.value]));

  it('refuses DeletionPolicy Snapshot on a type that cannot be snapshotted', async () => {
    const body = JSON.stringify({
      Resources: {
        Vm: {
          Type: 'AWS::EC2::Instance',
          DeletionPolicy: 'Snapshot',
          Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' },
        },
      },
    });
    await expect(
      system.cloudFormation().send(new CreateStackCommand({ StackName: 'snap-vm', TemplateBody: body })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        "Template format error: [/Resources/Vm/DeletionPolicy] 'Snapshot' is not one of " +
        "['Delete', 'Retain', 'RetainExceptOnCreate'] for resource type AWS::EC2::Instance",
    });
  });

  it('keeps a Retain resource when a failed create rolls back', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'retain-rollback', TemplateBody: RETAINED_ON_ROLLBACK }));
    expect(await settledStatus(cfn, 'retain-rollback', 180_000)).toBe('ROLLBACK_COMPLETE');
    const events = await eventsOf(cfn, 'retain-rollback');
    const kept = events.filter((e) => e.LogicalResourceId === 'Kept');
    expect(kept.map((e) => e.ResourceStatus)).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE', 'DELETE_SKIPPED']);
    const groups = await list<Tagged>('listSecurityGroups', 'securitygroup', { id: kept[1].PhysicalResourceId! });
    expect(groups).toHaveLength(1);
  }, 200_000);

  it('exports, imports, retries, retains and snapshots through the life of two stacks', async () => {
    const cfn = system.cloudFormation();
    const { StackId: exporterArn } = await cfn.send(
      new CreateStackCommand({
        StackName: 'exporter',
        TemplateBody: EXPORTER,
        ClientRequestToken: 'create-exporter',
        Tags: [
          { Key: 'team', Value: 'blue' },
          { Key: 'cost-centre', Value: '42' },
        ],
      }),
    );
    await waitUntilStackCreateComplete(waiter(), { StackName: 'exporter' });
    const ids = await physicalIds(cfn, 'exporter');

    // Stack tags: shown by DescribeStacks and carried by every cloud object the stack made.
    const [exporter] = (await cfn.send(new DescribeStacksCommand({ StackName: 'exporter' }))).Stacks!;
    expect(exporter.Tags).toEqual([
      { Key: 'team', Value: 'blue' },
      { Key: 'cost-centre', Value: '42' },
    ]);
    expect(exporter.Outputs).toEqual([
      expect.objectContaining({ OutputKey: 'GroupId', OutputValue: ids.Kept, ExportName: 'shared-group' }),
    ]);
    const stackTagged = { team: 'blue', 'cost-centre': '42', 'cfn:stack-name': 'exporter' };
    const [vm] = await list<Tagged>('listVirtualMachines', 'virtualmachine', { id: ids.Host });
    const [volume] = await list<Tagged>('listVolumes', 'volume', { id: ids.Data });
    const [kept] = await list<Tagged>('listSecurityGroups', 'securitygroup', { id: ids.Kept });
    const [extra] = await list<Tagged>('listSecurityGroups', 'securitygroup', { id: ids.Extra });
    for (const object of [vm, volume, kept, extra]) expect(tagsOf(object)).toMatchObject(stackTagged);
    expect(new Set((await eventsOf(cfn, 'exporter')).map((e) => e.ClientRequestToken))).toEqual(
      new Set(['create-exporter']),
    );

    // Exports and imports.
    expect((await cfn.send(new ListExportsCommand({}))).Exports).toEqual([
      { ExportingStackId: exporterArn, Name: 'shared-group', Value: ids.Kept },
    ]);
    await expect(cfn.send(new ListImportsCommand({ ExportName: 'shared-group' }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: "Export 'shared-group' is not imported by any stack.",
    });
    await cfn.send(new CreateStackCommand({ StackName: 'importer', TemplateBody: IMPORTER }));
    await waitUntilStackCreateComplete(waiter(), { StackName: 'importer' });
    const [importer] = (await cfn.send(new DescribeStacksCommand({ StackName: 'importer' }))).Stacks!;
    expect(importer.Outputs).toEqual([expect.objectContaining({ OutputKey: 'Imported', OutputValue: ids.Kept })]);
    expect((await cfn.send(new ListImportsCommand({ ExportName: 'shared-group' }))).Imports).toEqual(['importer']);

    await cfn.send(new CreateStackCommand({ StackName: 'clash', TemplateBody: SECOND_EXPORTER }));
    expect(await settledStatus(cfn, 'clash', 120_000)).toBe('ROLLBACK_COMPLETE');
    expect(
      (await eventsOf(cfn, 'clash')).find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')?.ResourceStatusReason,
    ).toBe('Export with name shared-group is already exported by stack exporter. Rollback requested by user.');
    await cfn.send(new CreateStackCommand({ StackName: 'no-export', TemplateBody: MISSING_IMPORT }));
    expect(await settledStatus(cfn, 'no-export', 120_000)).toBe('ROLLBACK_COMPLETE');
    expect(
      (await eventsOf(cfn, 'no-export')).find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')?.ResourceStatusReason,
    ).toBe('No export named no-such-export found. Rollback requested by user.');
    expect((await cfn.send(new ListExportsCommand({}))).Exports!.map((e) => e.ExportingStackId)).toEqual([exporterArn]);

    // RetainResources only for a stack whose delete failed.
    await expect(
      cfn.send(new DeleteStackCommand({ StackName: 'exporter', RetainResources: ['Extra'] })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: `Invalid operation on stack [${exporterArn}]. RetainResources can only be specified when the stack is in the DELETE_FAILED state.`,
    });

    // An export in use cannot be deleted: DELETE_FAILED, every resource kept.
    const deleteEvents = async () =>
      (await eventsOf(cfn, 'exporter')).filter(
        (e) => e.LogicalResourceId === 'exporter' && e.ResourceStatus?.startsWith('DELETE_'),
      );
    await cfn.send(new DeleteStackCommand({ StackName: 'exporter', ClientRequestToken: 'delete-exporter-1' }));
    await waitUntil('the first delete to fail', async () => (await deleteEvents()).length === 2, 120_000, 500);
    const [refused] = (await cfn.send(new DescribeStacksCommand({ StackName: 'exporter' }))).Stacks!;
    expect(refused).toMatchObject({
      StackStatus: 'DELETE_FAILED',
      StackStatusReason: 'Export shared-group cannot be deleted as it is in use by importer',
    });
    expect(await list<Tagged>('listVirtualMachines', 'virtualmachine', { id: ids.Host })).toHaveLength(1);

    // ClientRequestToken: the same request again does nothing; the token for another stack is refused; a new one acts.
    await expect(
      cfn.send(new DeleteStackCommand({ StackName: 'importer', ClientRequestToken: 'delete-exporter-1' })),
    ).rejects.toMatchObject({
      name: 'TokenAlreadyExistsException',
    });
    await cfn.send(new DeleteStackCommand({ StackName: 'exporter', ClientRequestToken: 'delete-exporter-1' }));
    await cfn.send(new DeleteStackCommand({ StackName: 'exporter', ClientRequestToken: 'delete-exporter-2' }));
    await waitUntil('the second delete to fail', async () => (await deleteEvents()).length === 4, 120_000, 500);
    const attempts = (await deleteEvents()).filter((e) => e.ResourceStatus === 'DELETE_IN_PROGRESS');
    expect(attempts.map((e) => e.ClientRequestToken)).toEqual(['delete-exporter-1', 'delete-exporter-2']);

    // Once nothing imports it, the exporter can go, keeping the Retain group, the retained one and a snapshot.
    await cfn.send(new DeleteStackCommand({ StackName: 'importer' }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: 'importer' });
    await expect(cfn.send(new ListImportsCommand({ ExportName: 'shared-group' }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await cfn.send(
      new DeleteStackCommand({
        StackName: 'exporter',
        RetainResources: ['Extra'],
        ClientRequestToken: 'delete-exporter-3',
      }),
    );
    await untilDeleted(cfn, exporterArn!);

    const final = (await eventsOf(cfn, exporterArn!)).filter((e) => e.ClientRequestToken === 'delete-exporter-3');
    const statusOf = (logicalId: string) =>
      final
        .filter((e) => e.LogicalResourceId === logicalId)
        .map((e) => e.ResourceStatus)
        .pop();
    expect(['Kept', 'Extra', 'Host', 'Data', 'Attach'].map(statusOf)).toEqual([
      'DELETE_SKIPPED',
      'DELETE_SKIPPED',
      'DELETE_COMPLETE',
      'DELETE_COMPLETE',
      'DELETE_COMPLETE',
    ]);
    expect(await list<Tagged>('listSecurityGroups', 'securitygroup', { id: ids.Kept })).toHaveLength(1);
    expect(await list<Tagged>('listSecurityGroups', 'securitygroup', { id: ids.Extra })).toHaveLength(1);
    expect(await list<Tagged>('listVirtualMachines', 'virtualmachine', { id: ids.Host }).catch(() => [])).toEqual([]);
    expect(await list<Tagged>('listVolumes', 'volume', { id: ids.Data }).catch(() => [])).toEqual([]);
    const snapshots = await list<SimSnapshot>('listSnapshots', 'snapshot', { volumeid: ids.Data });
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0].state).toBe('BackedUp');
    expect(tagsOf(snapshots[0])).toMatchObject({
      ...stackTagged,
      'cfn:logical-id': 'Data',
      'cfn:snapshot-of': ids.Data,
    });
    expect((await cfn.send(new ListExportsCommand({}))).Exports).toEqual([]);
  }, 600_000);
});
