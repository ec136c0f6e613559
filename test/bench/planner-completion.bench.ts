import { randomUUID } from 'node:crypto';

import { ResourceOutcomesController } from '../../apps/planner/src/resource-outcomes/resource-outcomes.controller';
import { StackCreationController } from '../../apps/planner/src/stack-creation/stack-creation.controller';
import { MessageValidator } from '../../libs/contracts/src';
import { OutboxRelay, OutboxWriter, RabbitContext, UnitOfWork } from '../../libs/messaging/src';
import { plannerWithoutBroker } from '../support/planner-without-broker';
import { scratchDatabase } from '../support/scratch-database';

/**
 * `npm run bench:planner`: what handling one "resource created" outcome costs the planner in a stack of 500 and
 * of 5,000 resources (real MySQL, no broker). Each resource has one dependant, so the work per outcome is the
 * same in both; the time per outcome should be too.
 */
async function main() {
  const scratch = await scratchDatabase('bench', { poolSize: 4 });
  const { dataSource } = scratch;
  try {
    const unitOfWork = new UnitOfWork('planner', dataSource, new OutboxWriter('planner', new MessageValidator()), {
      kick: () => undefined,
    } as unknown as OutboxRelay);
    const planner = await plannerWithoutBroker(unitOfWork);
    const creation = planner.get(StackCreationController);
    const outcomes = planner.get(ResourceOutcomesController);
    const ctx = (routingKey: string) =>
      new RabbitContext([
        { messageId: randomUUID(), routingKey, correlationId: null, causationId: null, producer: 'bench', attempt: 0 },
      ]);
    const sample = 200;

    for (const size of [500, 5000]) {
      // Pairs: Base<i> and Leaf<i> depending on it.
      const resources: Record<string, unknown> = {};
      for (let i = 0; i < size / 2; i++) {
        resources[`Base${i}`] = { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'debian-12' } };
        resources[`Leaf${i}`] = {
          Type: 'AWS::EC2::Instance',
          Properties: { ImageId: { 'Fn::GetAtt': [`Base${i}`, 'PrivateIp'] } },
        };
      }
      const stackId = randomUUID();
      const planStarted = process.hrtime.bigint();
      await creation.onTemplateValidated(
        {
          stackId,
          stackArn: `arn:aws:cloudformation:r:123456789012:stack/b/${stackId}`,
          stackName: `b${size}`,
          accountId: '123456789012',
          region: 'r',
          template: { Resources: resources },
          parameters: {},
          noEchoParameters: [],
          tags: [],
          disableRollback: false,
        },
        ctx('template.validated.v1'),
      );
      // The first transaction starts 100 of the ready resources and asks for the rest (ADR 47).
      await creation.onCreationContinued({ stackId }, ctx('stack.creation.continued.v1'));
      const planMs = Number(process.hrtime.bigint() - planStarted) / 1e6;
      const operations: Array<{ logical_id: string; operation_id: string }> = await dataSource.query(
        `SELECT logical_id, operation_id FROM stack_resources WHERE stack_id = ? AND status = 'CREATE_IN_PROGRESS' LIMIT ${sample}`,
        [stackId],
      );
      const started = process.hrtime.bigint();
      for (const { logical_id, operation_id } of operations) {
        await outcomes.onCreateSucceeded(
          {
            stackId,
            logicalId: logical_id,
            operationId: operation_id,
            physicalId: `vm-${logical_id}`,
            attributes: { PrivateIp: '10.0.0.1' },
          },
          ctx('resource.create.succeeded.v1'),
        );
      }
      const perOutcomeMs = Number(process.hrtime.bigint() - started) / 1e6 / operations.length;
      console.log(
        `${String(size).padStart(5)} resources: plan (validated -> first ${size / 2} requests) ${planMs.toFixed(0)} ms; ` +
          `one "created" outcome (starts its dependant) ${perOutcomeMs.toFixed(2)} ms on average over ${operations.length}`,
      );
    }
  } finally {
    await scratch.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
