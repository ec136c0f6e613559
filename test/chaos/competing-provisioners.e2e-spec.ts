import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { connect } from 'amqplib';

import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';

interface SimVm {
  id: string;
  name: string;
}

/** Two provisioner processes compete on one queue: both take part of a 50-VM stack, and nothing is made twice. */
describe('two provisioners sharing one stack', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 500 });
  const VMS = 50;

  beforeAll(async () => {
    await system.start();
    system.startReplica('provisioner', 'provisioner-2');
  }, 120_000);
  afterAll(() => system.stop(), 60_000);

  it('splits the work and makes exactly one VM per resource', async () => {
    // Let the second provisioner join the queue before the work arrives.
    await waitUntil(
      'two provisioners consuming',
      async () => {
        const connection = await connect(system.amqpUrl);
        try {
          const channel = await connection.createChannel();
          return (await channel.checkQueue(`${system.prefix}.provisioner`)).consumerCount >= 2;
        } finally {
          await connection.close();
        }
      },
      120_000,
      500,
    );
    const cfn = system.cloudFormation();
    const template = JSON.stringify({
      Resources: Object.fromEntries(
        Array.from({ length: VMS }, (_, i) => [
          `Vm${i}`,
          { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' } },
        ]),
      ),
    });
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'shared-work', TemplateBody: template }));
    expect(await settledStatus(cfn, 'shared-work', 180_000)).toBe('CREATE_COMPLETE');

    // Each provisioner logs every VM it made; the replica's lines carry its tag.
    const createdBy = (replica: boolean) =>
      system.logs.filter(
        (line) =>
          line.startsWith('[provisioner-2] ') === replica &&
          line.includes('[provisioner]') &&
          line.includes('of stack shared-work as '),
      ).length;
    const first = createdBy(false);
    const second = createdBy(true);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    expect(first + second).toBe(VMS);

    const suffix = StackId!.split('/').pop()!.replace(/-/g, '').slice(0, 8);
    const vms = (
      await system.cloudStack().listAll<SimVm>('listVirtualMachines', { listall: true }, 'virtualmachine')
    ).filter((vm) => vm.name.endsWith(`-${suffix}`));
    expect(vms).toHaveLength(VMS);
    expect(new Set(vms.map((vm) => vm.name)).size).toBe(VMS);
  });
});
