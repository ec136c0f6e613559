import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { createConnection } from 'mysql2/promise';

import { taggedWithStack } from '../support/stack-cloud-objects';
import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';

/**
 * MySQL drops every connection of the services in the middle of a stack, three times (KILL of each connection to
 * this suite's own database, as a failover or a restart looks to clients): transactions are run again, loops retry,
 * and the stack completes with one VM per resource.
 */
describe('MySQL connections killed mid-stack', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 1_500 });
  const VMS = 10;
  const template = JSON.stringify({
    Resources: Object.fromEntries(
      Array.from({ length: VMS }, (_, i) => [
        `Vm${i}`,
        {
          Type: 'AWS::EC2::Instance',
          ...(i % 2 === 0 ? {} : { DependsOn: `Vm${i - 1}` }),
          Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' },
        },
      ]),
    ),
  });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  /** KILLs every connection whose current database is this suite's own (and no other). */
  async function killSuiteConnections(): Promise<number> {
    const url = new URL(system.databaseUrl);
    const database = url.pathname.slice(1);
    const admin = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password || ''),
    });
    try {
      const [rows] = await admin.query(
        'SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()',
        [database],
      );
      let killed = 0;
      for (const { id } of rows as Array<{ id: number }>) {
        await admin.query('KILL CONNECTION ?', [id]).then(
          () => killed++,
          () => undefined,
        );
      }
      return killed;
    } finally {
      await admin.end();
    }
  }

  it('completes the stack', async () => {
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'db-drop', TemplateBody: template }));
    let killed = 0;
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      killed += await killSuiteConnections();
    }
    expect(killed).toBeGreaterThan(5);

    expect(await settledStatus(cfn, 'db-drop', 240_000)).toBe('CREATE_COMPLETE');
    const stackId = StackId!.split('/').pop()!;
    const vms = await taggedWithStack<{ name: string; state: string }>(system.cloudStack(), 'virtualMachines', stackId);
    expect(vms).toHaveLength(VMS);
    expect(new Set(vms.map((vm) => vm.name)).size).toBe(VMS);
    expect(vms.every((vm) => vm.state === 'Running')).toBe(true);
  });
});
