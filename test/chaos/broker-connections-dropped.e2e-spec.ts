import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { CreateStackCommand } from '@aws-sdk/client-cloudformation';

import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

const run = promisify(execFile);

/**
 * The broker drops every service's connection in the middle of a stack (what a RabbitMQ restart looks like to its
 * clients): services reconnect, re-declare their queues and consumers, relay what their outboxes kept, and the
 * stack completes. Uses `rabbitmqctl` of the local broker (as on CI), limited to this suite's own connections.
 */
describe('the broker dropping all connections mid-stack', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 1_000 });
  const template = JSON.stringify({
    Resources: Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [
        `Vm${i}`,
        {
          Type: 'AWS::EC2::Instance',
          ...(i === 0 ? {} : { DependsOn: `Vm${i - 1}` }),
          Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' },
        },
      ]),
    ),
  });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  async function closeServiceConnections(): Promise<number> {
    const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '--quiet']);
    let closed = 0;
    for (const line of stdout.split('\n')) {
      const [connectionPid] = line.split('\t');
      if (!connectionPid || !line.includes(`${system.prefix}:`)) continue;
      await run('rabbitmqctl', ['close_connection', connectionPid, 'chaos test']);
      closed++;
    }
    return closed;
  }

  it('completes the stack after every service lost its connection', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'broker-drop', TemplateBody: template }));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const closed = await closeServiceConnections();
    expect(closed).toBeGreaterThanOrEqual(5);
    expect(await settledStatus(cfn, 'broker-drop', 180_000)).toBe('CREATE_COMPLETE');
    await waitUntil(
      'logs of a reconnect',
      async () => system.logs.some((line) => line.includes('reconnected to RabbitMQ')),
      5_000,
    );
  });
});
