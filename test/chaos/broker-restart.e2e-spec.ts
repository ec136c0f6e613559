import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

import { PrivateRabbitMq } from '../support/private-rabbitmq';
import { taggedWithStack } from '../support/stack-cloud-objects';
import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

/**
 * RabbitMQ stops in the middle of a stack and starts again a few seconds later (a broker of this suite's own, never
 * the shared one): services reconnect, re-declare their consumers, the outboxes relay what they kept, redelivered
 * requests wait for the leases of the workers still on them, and the stack completes with nothing made twice.
 */
describe('RabbitMQ stopped and started mid-stack', () => {
  const broker = new PrivateRabbitMq();
  let system: SystemUnderTest;
  const VMS = 10;
  const template = JSON.stringify({
    Resources: Object.fromEntries(
      Array.from({ length: VMS }, (_, i) => [
        `Vm${i}`,
        {
          Type: 'AWS::EC2::Instance',
          // Two chains of five 2 s deploys: the stack takes 10 s at least, so the broker's stop (1.5 s in, however long
          // rabbitmqctl takes on a busy machine) always lands in the middle of it.
          ...(i % 5 === 0 ? {} : { DependsOn: `Vm${i - 1}` }),
          Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' },
        },
      ]),
    ),
  });

  beforeAll(async () => {
    await broker.start();
    system = new SystemUnderTest({ deployLatencyMs: 2_000, extraEnv: { AMQP_URL: broker.url } });
    await system.start();
  }, 240_000);
  afterAll(async () => {
    await system?.stop();
    await broker.stop();
  }, 120_000);

  it('completes the stack', async () => {
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'broker-restart', TemplateBody: template }));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await broker.stopApp();
    const [during] = (await cfn.send(new DescribeStacksCommand({ StackName: 'broker-restart' }))).Stacks!;
    expect(during.StackStatus).toBe('CREATE_IN_PROGRESS');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await broker.startApp();

    expect(await settledStatus(cfn, 'broker-restart', 240_000)).toBe('CREATE_COMPLETE');
    const stackId = StackId!.split('/').pop()!;
    const vms = await taggedWithStack<{ name: string }>(system.cloudStack(), 'virtualMachines', stackId);
    expect(vms).toHaveLength(VMS);
    expect(new Set(vms.map((vm) => vm.name)).size).toBe(VMS);
    const { counters } = (await (await fetch(`${system.simulatorUrl}/simulator/faults`)).json()) as {
      counters: { deploys: number };
    };
    expect(counters.deploys).toBe(VMS);
    await waitUntil(
      'a service to log its reconnection',
      async () => system.logs.some((line) => line.includes('reconnected to RabbitMQ')),
      30_000,
    );
  });
});
