import {
  StackCreationContinued,
  StackCreationContinuedV1,
  TemplateRejected,
  TemplateRejectedV1,
  TemplateValidated,
  TemplateValidatedV1,
} from '@cfn/contracts';
import { RabbitContext, UnitOfWork } from '@cfn/messaging';
import { Stack } from '@cfn/persistence';
import { TemplateDocument } from '@cfn/template';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { importNamesOf } from '../exports/import-names';
import { StackExports } from '../exports/stack-exports';
import { CreatePass } from '../stack-engine/create-pass';
import { StackEngine } from '../stack-engine/stack-engine';
import { stackEvaluationContext } from '../stack-engine/stack-evaluation';
import { StackRepository } from '../stack-engine/stack-repository';
import { StackStatusWriter } from '../stack-engine/stack-status-writer';
import { StackStatus } from '../stack-engine/statuses';

/** A validated template becomes a stack in CREATE_IN_PROGRESS; a rejected one fails and rolls back at once. */
@Controller()
export class StackCreationController {
  private readonly logger = new Logger(StackCreationController.name);

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(CreatePass) private readonly create: CreatePass,
    @Inject(StackExports) private readonly exports: StackExports,
  ) {}

  @EventPattern(TemplateValidated.routingKey)
  async onTemplateValidated(@Payload() event: TemplateValidatedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      if (await this.repository.stackExists(tx, event.stackId)) {
        this.logger.warn(`stack ${event.stackId} already exists; ignoring a second validation result`);
        return;
      }
      const stack = newStack(event);
      const imports = await this.exports.resolveImports(
        tx,
        stack,
        importNamesOf(stack.template as TemplateDocument, stackEvaluationContext(stack, [])),
      );
      if (imports.kind === 'resolved') stack.importedValues = imports.values;
      await this.repository.insertStack(tx, stack);
      await this.writer.setStackStatus(tx, stack, StackStatus.CreateInProgress, 'User Initiated');
      if (imports.kind === 'missing') {
        return this.create.failCreate(
          tx,
          stack,
          await this.repository.resourcesOf(tx, stack.id),
          [],
          `No export named ${imports.name} found. `,
        );
      }
      await this.engine.advance(tx, stack);
    });
  }

  /** More of the stack's ready resources to start than its last transaction started (ADR 47): the next ones. */
  @EventPattern(StackCreationContinued.routingKey)
  async onCreationContinued(@Payload() event: StackCreationContinuedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      const stack = await this.repository.lockStack(tx, event.stackId);
      // A stack that has since failed, or is being rolled back or deleted, is in another pass's hands.
      if (stack?.status === StackStatus.CreateInProgress) await this.engine.advance(tx, stack);
    });
  }

  @EventPattern(TemplateRejected.routingKey)
  async onTemplateRejected(@Payload() event: TemplateRejectedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      if (await this.repository.stackExists(tx, event.stackId)) return;
      const stack = newStack({
        ...event,
        template: { Resources: {} },
        parameters: {},
        noEchoParameters: [],
        tags: [],
        disableRollback: event.onFailure === 'DO_NOTHING',
      });
      await this.repository.insertStack(tx, stack);
      await this.writer.setStackStatus(tx, stack, StackStatus.CreateInProgress, 'User Initiated');
      // Nothing was made: the stack follows OnFailure at once.
      if (stack.onFailure === 'DO_NOTHING')
        return this.writer.setStackStatus(tx, stack, StackStatus.CreateFailed, event.reason);
      await this.writer.setStackStatus(tx, stack, StackStatus.RollbackInProgress, event.reason);
      await this.writer.setStackStatus(tx, stack, StackStatus.RollbackComplete, null);
      if (stack.onFailure === 'DELETE') {
        await this.writer.setStackStatus(tx, stack, StackStatus.DeleteInProgress, null);
        await this.writer.setStackStatus(tx, stack, StackStatus.DeleteComplete, null);
      }
    });
  }
}

/** The stack row a validation result (or a rejection) starts. */
function newStack(event: TemplateValidatedV1): Stack {
  const now = new Date();
  return Object.assign(new Stack(), {
    id: event.stackId,
    arn: event.stackArn,
    name: event.stackName,
    accountId: event.accountId,
    owner: event.owner ?? null,
    region: event.region,
    status: StackStatus.CreateInProgress,
    statusReason: null,
    template: event.template,
    parameters: event.parameters,
    noEchoParameters: event.noEchoParameters,
    availabilityZones: event.availabilityZones ?? null,
    tags: event.tags,
    outputs: null,
    disableRollback: event.disableRollback,
    onFailure: event.onFailure ?? (event.disableRollback ? 'DO_NOTHING' : 'ROLLBACK'),
    createDeadline: event.timeoutInMinutes ? new Date(now.getTime() + event.timeoutInMinutes * 60_000) : null,
    retainResources: null,
    clientRequestToken: event.clientRequestToken ?? null,
    importedValues: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    version: 1,
  });
}
