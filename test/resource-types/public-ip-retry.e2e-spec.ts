import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

import { SystemUnderTest } from '../support/system-under-test';

interface ListedIp {
  id: string;
  ipaddress: string;
  tags: Array<{ key: string; value: string }>;
}

/**
 * A public address whose create dies between associateIpAddress and createTags: the retry must find the address
 * the first attempt recorded (it carries no tags yet) instead of acquiring a second one.
 */
describe('public addresses survive a create that failed before tagging', () => {
  const system = new SystemUnderTest();
  const waiter = () => ({ client: system.cloudFormation(), maxWaitTime: 120, minDelay: 1, maxDelay: 2 });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  const setFaults = async (faults: unknown) => {
    const answer = await fetch(`${system.simulatorUrl}/simulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
    expect(answer.status).toBe(200);
  };
  const faultCounters = async () =>
    (
      (await (await fetch(`${system.simulatorUrl}/simulator/faults`)).json()) as {
        counters: { transientByCommand: Record<string, { before: number }> };
      }
    ).counters;
  const addresses = () =>
    system.cloudStack().listAll<ListedIp>('listPublicIpAddresses', { listall: true }, 'publicipaddress');

  it.each([
    ['AWS::EC2::EIP', {}],
    ['CloudStack::PublicIpAddress', {}],
  ])(
    '%s: one address, tagged, after the first createTags fails',
    async (type, properties) => {
      const stackName = `ip-retry-${type.replace(/::/g, '-').toLowerCase()}`;
      const before = await addresses();
      // The first createTags after this point fails with 530 before it runs; associateIpAddress has already succeeded.
      await setFaults({ transientErrors: { createTags: { rate: 0, at: [1] } } });
      const cfn = system.cloudFormation();
      const { StackId } = await cfn.send(
        new CreateStackCommand({
          StackName: stackName,
          TemplateBody: JSON.stringify({ Resources: { Ip: { Type: type, Properties: properties } } }),
        }),
      );
      await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
      expect((await faultCounters()).transientByCommand.createTags).toEqual({ before: 1, after: 0 });
      await setFaults({});

      const made = (await addresses()).filter((ip) => !before.some((earlier) => earlier.id === ip.id));
      expect(made).toHaveLength(1);
      expect(made[0].tags).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'cfn:stack-id', value: StackId!.split('/').pop() }),
          expect.objectContaining({ key: 'cfn:logical-id', value: 'Ip' }),
        ]),
      );
      const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
      expect([made[0].id, made[0].ipaddress]).toContain(StackResources[0].PhysicalResourceId);

      await cfn.send(new DeleteStackCommand({ StackName: stackName }));
      await waitUntilStackDeleteComplete(waiter(), { StackName: stackName });
      expect((await addresses()).map((ip) => ip.id)).toEqual(before.map((ip) => ip.id));
    },
    180_000,
  );
});
