import { CreateStackCommand, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { createConnection } from 'mysql2/promise';

import { taggedWithStack } from '../support/stack-cloud-objects';
import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

/**
 * kill -9 of the configurator while it configures the stack's VMs (real SSH hosts of the simulator): the restarted
 * configurator finds the runs whose lease ran out and runs their plays again (tasks check before they change),
 * and the stack completes with exactly one VM per resource.
 */
describe('killing the configurator mid-configuration', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 200, realVms: true });
  const VMS = 4;
  const template = JSON.stringify({
    Resources: Object.fromEntries(
      Array.from({ length: VMS }, (_, i) => [
        `Member${i}`,
        {
          Type: 'AWS::EC2::Instance',
          Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' },
          Metadata: {
            'CloudStack::Configure': {
              tasks: [
                { name: 'a slow step', shell: 'sleep 4; echo step >> /root/slow-step-runs' },
                { name: 'the marker', copy: { dest: '/root/configured', content: 'yes\n' } },
              ],
            },
          },
        },
      ]),
    ),
  });

  beforeAll(() => system.start(), 180_000);
  afterAll(() => system.stop(), 60_000);

  async function configuringEvents(stackName: string): Promise<number> {
    const { StackEvents = [] } = await system
      .cloudFormation()
      .send(new DescribeStackEventsCommand({ StackName: stackName }));
    return StackEvents.filter((e) => e.ResourceStatusReason?.includes('configuring it over SSH')).length;
  }

  async function runsOf(stackId: string): Promise<Array<{ status: string; attempts: number }>> {
    const url = new URL(system.databaseUrl);
    const connection = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password || ''),
      database: url.pathname.slice(1),
    });
    try {
      const [rows] = await connection.query('SELECT status, attempts FROM configuration_runs WHERE stack_id = ?', [
        stackId,
      ]);
      return rows as Array<{ status: string; attempts: number }>;
    } finally {
      await connection.end();
    }
  }

  it('completes the stack after kill -9 of the configurator', async () => {
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(
      new CreateStackCommand({ StackName: 'chaos-configurator', TemplateBody: template }),
    );
    const stackId = StackId!.split('/').pop()!;
    await waitUntil(
      'configuration under way',
      async () => (await configuringEvents('chaos-configurator')) >= 2,
      120_000,
      100,
    );
    // Inside the slow step of the first runs.
    await waitUntil('a run started', async () => (await runsOf(stackId)).some((run) => run.attempts >= 1), 60_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await system.killService('configurator');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    system.startService('configurator');

    expect(await settledStatus(cfn, 'chaos-configurator', 240_000)).toBe('CREATE_COMPLETE');
    const vms = await taggedWithStack<{ id: string; name: string; state: string }>(
      system.cloudStack(),
      'virtualMachines',
      stackId,
    );
    expect(vms).toHaveLength(VMS);
    expect(new Set(vms.map((vm) => vm.name)).size).toBe(VMS);
    const runs = await runsOf(stackId);
    expect(runs).toHaveLength(VMS);
    expect(runs.every((run) => run.status === 'SUCCEEDED')).toBe(true);
    // At least one run was interrupted and taken over by the restarted configurator.
    expect(runs.some((run) => run.attempts >= 2)).toBe(true);
  });
});
