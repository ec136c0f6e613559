import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  UpdateStackCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import { connect } from 'amqplib';

import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

/** Db is replaced (its image is a parameter), Web is changed in place (its offering). */
const template = (webOffering: string) =>
  JSON.stringify({
    Parameters: { Image: { Type: 'String', Default: 'debian-12' } },
    Resources: {
      Db: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { Ref: 'Image' }, InstanceType: 'Small Instance' } },
      Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'debian-12', InstanceType: webOffering } },
    },
  });

/**
 * An update's requests to the provisioner are lost (the provisioner is down and its queue is purged, so no worker
 * ever recorded them): the planner's recovery sweep re-sends them with the same operation ids and the update
 * completes, the replaced object is deleted in the clean-up, and nothing is made twice.
 */
describe('recovery of an update whose requests were lost', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 200, extraEnv: { PLANNER_REDRIVE_SECONDS: '10' } });
  const waiter = () => ({ client: system.cloudFormation(), maxWaitTime: 240, minDelay: 1, maxDelay: 2 });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  async function purgeProvisionerQueue(): Promise<number> {
    const connection = await connect(system.amqpUrl);
    try {
      const channel = await connection.createChannel();
      return (await channel.purgeQueue(`${system.prefix}.provisioner`)).messageCount;
    } finally {
      await connection.close();
    }
  }

  it('re-sends the lost replacement and in-place update requests; the update completes once', async () => {
    const cfn = system.cloudFormation();
    const stackName = 'lost-update';
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: template('Small Instance') }));
    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    const resources = async () =>
      (await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources ?? [];
    const before = Object.fromEntries((await resources()).map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));

    await system.killService('provisioner');
    await cfn.send(
      new UpdateStackCommand({
        StackName: stackName,
        TemplateBody: template('Medium Instance'),
        Parameters: [{ ParameterKey: 'Image', ParameterValue: 'ubuntu-22.04' }],
      }),
    );
    await waitUntil(
      'both resources updating',
      async () => (await resources()).filter((r) => r.ResourceStatus === 'UPDATE_IN_PROGRESS').length === 2,
      60_000,
      200,
    );
    // The requests wait in the dead provisioner's queue; they are lost before any worker recorded them.
    let purged = 0;
    await waitUntil('both requests purged', async () => (purged += await purgeProvisionerQueue()) >= 2, 30_000, 200);
    system.startService('provisioner');

    await waitUntilStackUpdateComplete(waiter(), { StackName: stackName });
    expect(system.logs.some((line) => /re-sent the UPDATE_IN_PROGRESS request of Db/.test(line))).toBe(true);
    expect(system.logs.some((line) => /re-sent the UPDATE_IN_PROGRESS request of Web/.test(line))).toBe(true);
    const after = Object.fromEntries((await resources()).map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));
    expect(after.Web).toBe(before.Web);
    expect(after.Db).not.toBe(before.Db);
    const vms = await system
      .cloudStack()
      .listAll<{ id: string; state: string; templatename: string; serviceofferingname: string }>(
        'listVirtualMachines',
        { listall: true },
        'virtualmachine',
      );
    expect(vms.find((vm) => vm.id === after.Db)).toMatchObject({ state: 'Running', templatename: 'ubuntu-22.04' });
    expect(vms.find((vm) => vm.id === after.Web)).toMatchObject({
      state: 'Running',
      serviceofferingname: 'Medium Instance',
    });
    expect(vms.find((vm) => vm.id === before.Db)).toBeUndefined();
    expect(vms.filter((vm) => vm.state !== 'Error')).toHaveLength(2);

    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: stackName });
  }, 600_000);
});
