import {
  NestedStackCreateRequested,
  NestedStackCreateRequestedV1,
  ownerField,
  ResourceCreateFailed,
  StackCreateRequested,
} from '@cfn/contracts';
import { RabbitContext, Transaction, UnitOfWork } from '@cfn/messaging';
import { isDuplicateKeyError, StackRequest } from '@cfn/persistence';
import { TemplateFetcher } from '@cfn/resources';
import { TemplateValidationError } from '@cfn/template';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { TemplateInputReader } from '../templates/template-input';

/**
 * Creates the child stack of an AWS::CloudFormation::Stack resource the way CreateStack creates any stack: the
 * template is fetched from TemplateURL and checked, the request is recorded (with its parent and root), and
 * stack.create.requested goes to the validator. What CreateStack would refuse fails the parent's resource instead,
 * with the same words, and no child is made.
 */
@Controller()
export class NestedStackRequestsController {
  private readonly logger = new Logger(NestedStackRequestsController.name);

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(TemplateFetcher) private readonly fetcher: TemplateFetcher,
    @Inject(TemplateInputReader) private readonly templates: TemplateInputReader,
  ) {}

  @EventPattern(NestedStackCreateRequested.routingKey)
  async onNestedStackRequested(
    @Payload() request: NestedStackCreateRequestedV1,
    @Ctx() ctx: RabbitContext,
  ): Promise<void> {
    const requests = this.unitOfWork.dataSource.getRepository(StackRequest);
    if (await requests.existsBy({ stackId: request.stackId })) return;
    // Fetched before the transaction: a slow server must not hold a database connection.
    let refusal: string | null = null;
    let templateBody = '';
    let noEchoParameters: string[] = [];
    try {
      templateBody = await this.fetcher.fetch(request.templateURL);
      ({ noEchoParameters } = this.templates.urlChecker.check(
        templateBody,
        request.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
        {
          identity: {
            accountId: request.accountId,
            region: request.region,
            stackId: request.stackArn,
            stackName: request.stackName,
          },
        },
      ));
    } catch (error) {
      if (!(error instanceof TemplateValidationError)) throw error;
      refusal = error.message;
    }
    try {
      await this.unitOfWork.run(ctx.meta, async (tx) => {
        if (refusal !== null) return this.refuse(tx, request, refusal);
        const createdAt = new Date();
        await tx.manager.insert(StackRequest, {
          stackId: request.stackId,
          stackArn: request.stackArn,
          stackName: request.stackName,
          nameLock: request.stackName,
          accountId: request.accountId,
          owner: request.owner ?? null,
          region: request.region,
          templateBody,
          parameters: request.parameters,
          tags: request.tags,
          capabilities: [],
          disableRollback: request.disableRollback,
          clientRequestToken: null,
          createdAt,
          deleteRequestedAt: null,
          parentStackArn: request.parentStackArn,
          rootStackArn: request.rootStackArn,
        });
        await tx.publish(
          StackCreateRequested,
          {
            stackId: request.stackId,
            stackArn: request.stackArn,
            stackName: request.stackName,
            accountId: request.accountId,
            region: request.region,
            ...ownerField(request.owner),
            templateBody,
            parameters: request.parameters,
            noEchoParameters,
            tags: request.tags,
            capabilities: [],
            disableRollback: request.disableRollback,
            requestedAt: createdAt.toISOString(),
          },
          request.stackId,
        );
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // The generated name is taken (or this request was recorded by a concurrent delivery).
      if (await requests.existsBy({ stackId: request.stackId })) return;
      await this.unitOfWork.run(ctx.meta, (tx) =>
        this.refuse(tx, request, `Stack [${request.stackName}] already exists`),
      );
    }
  }

  private async refuse(tx: Transaction, request: NestedStackCreateRequestedV1, reason: string): Promise<void> {
    this.logger.log(`nested stack ${request.stackName} of ${request.parentStackArn} refused: ${reason}`);
    await tx.publish(
      ResourceCreateFailed,
      {
        operationId: request.operationId,
        stackId: request.parentStackId,
        logicalId: request.logicalId,
        reason,
        physicalId: null,
      },
      request.parentStackId,
    );
  }
}
