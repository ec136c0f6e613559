import { ownerField, StackCreateRequested } from '@cfn/contracts';
import { UnitOfWork } from '@cfn/messaging';
import { isDuplicateKeyError, Stack, StackRequest } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { TemplateDocument, TemplateValidationError } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import {
  alreadyExists,
  CallerIdentity,
  QueryParams,
  readParameters,
  readStringList,
  readTags,
  tokenAlreadyExists,
  validationError,
} from '../protocol';
import { readClientRequestToken } from '../request-tokens/client-request-token';
import { parsedTemplateField } from '../templates/parsed-template-field';
import { TemplateInputReader } from '../templates/template-input';
import { lifecycleMessageFields, readCreateStackOptions } from './create-stack-options';
import { rememberDeclaredParameters } from './declared-parameters';
import { QueryAction } from './query-action';
import { requiredParam } from './required-param';
import { stackArn } from './stack-view';

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;

/**
 * CreateStack: checks the template and parameters at once (AWS answers a malformed template synchronously),
 * records the request and emits stack.create.requested in one transaction, and returns the stack's ARN.
 */
@Injectable()
export class CreateStackAction implements QueryAction {
  readonly action = 'CreateStack';

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(TemplateInputReader) private readonly templates: TemplateInputReader,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const stackName = requiredParam(params, 'StackName');
    if (!STACK_NAME.test(stackName)) {
      throw validationError(
        `1 validation error detected: Value '${stackName}' at 'stackName' failed to satisfy constraint: ` +
          'Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*',
      );
    }
    const options = readCreateStackOptions(params);
    const { disableRollback } = options;
    const token = readClientRequestToken(params) ?? null;
    const { body: templateBody, checker } = await this.templates.read(params);
    const parameters = readParameters(params);
    const stackId = newId();
    const arn = stackArn(caller.region, caller.accountId, stackName, stackId);
    let noEchoParameters: string[];
    let template: TemplateDocument;
    try {
      ({ noEchoParameters, template } = checker.check(
        templateBody,
        parameters.map((p) => ({
          ParameterKey: p.ParameterKey ?? '',
          ParameterValue: p.ParameterValue,
          UsePreviousValue: p.UsePreviousValue,
        })),
        { identity: { accountId: caller.accountId, region: caller.region, stackId: arn, stackName } },
      ));
      rememberDeclaredParameters(templateBody, template);
    } catch (error) {
      if (error instanceof TemplateValidationError) throw validationError(error.message);
      throw error;
    }
    const request: StackRequest = {
      stackId,
      stackArn: arn,
      stackName,
      nameLock: stackName,
      accountId: caller.accountId,
      owner: caller.owner ?? null,
      region: caller.region,
      templateBody,
      parameters: parameters.map((p) => ({ key: p.ParameterKey ?? '', value: p.ParameterValue ?? '' })),
      tags: readTags(params).map((tag) => ({ key: tag.Key, value: tag.Value })),
      capabilities: readStringList(params, 'Capabilities'),
      disableRollback,
      timeoutInMinutes: options.timeoutInMinutes ?? null,
      clientRequestToken: token,
      createdAt: new Date(),
      deleteRequestedAt: null,
    };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.unitOfWork.run(null, async (tx) => {
          await tx.manager.insert(StackRequest, request);
          await tx.publish(
            StackCreateRequested,
            {
              stackId,
              stackArn: arn,
              stackName,
              accountId: caller.accountId,
              region: caller.region,
              templateBody,
              ...ownerField(caller.owner),
              requestedBy: caller.requester,
              ...parsedTemplateField(template),
              parameters: request.parameters,
              noEchoParameters,
              tags: request.tags,
              capabilities: request.capabilities,
              disableRollback,
              requestedAt: request.createdAt.toISOString(),
              ...lifecycleMessageFields(options, token),
            },
            stackId,
          );
        });
        return { StackId: arn };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const repeated = await this.sameTokenRequest(caller, token, stackName);
        if (repeated) return { StackId: repeated.stackArn };
        if (attempt === 0 && (await this.releaseDeletedName(caller, stackName))) continue;
        throw alreadyExists(`Stack [${stackName}] already exists`);
      }
    }
  }

  /** A retried CreateStack with the same ClientRequestToken returns the first call's stack. */
  private async sameTokenRequest(caller: CallerIdentity, token: string | null, stackName: string) {
    if (!token) return null;
    const earlier = await this.unitOfWork.dataSource
      .getRepository(StackRequest)
      .findOneBy({ accountId: caller.accountId, clientRequestToken: token });
    if (!earlier) return null;
    if (earlier.stackName !== stackName) {
      throw tokenAlreadyExists(`Another CreateStack request with token ${token} is already in use`);
    }
    return earlier;
  }

  /** Frees a name whose stack the planner already deleted but whose status event the api has not yet seen. */
  private async releaseDeletedName(caller: CallerIdentity, stackName: string): Promise<boolean> {
    const repository = this.unitOfWork.dataSource.getRepository(StackRequest);
    const holder = await repository.findOneBy({ accountId: caller.accountId, nameLock: stackName });
    if (!holder) return true;
    const state = await this.unitOfWork.dataSource.getRepository(Stack).findOneBy({ id: holder.stackId });
    if (state?.status !== 'DELETE_COMPLETE') return false;
    await repository.update({ stackId: holder.stackId }, { nameLock: null });
    return true;
  }
}
