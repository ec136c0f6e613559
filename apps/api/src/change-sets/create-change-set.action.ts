import { UnitOfWork } from '@cfn/messaging';
import { ChangeSet, isDuplicateKeyError, StackRequest, StackResource } from '@cfn/persistence';
import { CheckedStackTemplate, ResourceRegistry } from '@cfn/resources';
import { newId } from '@cfn/runtime';
import { conditionHolds, stackEvaluationContextOf, TemplateValidationError } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import {
  alreadyExists,
  CallerIdentity,
  QueryParams,
  readBoolean,
  readParameters,
  readString,
  readStringList,
  readTags,
  validationError,
} from '../protocol';
import { ClientRequestTokens } from '../request-tokens/client-request-tokens';
import { resolveUpdateInputs } from '../stack-updates/stack-update-inputs';
import { refuseUnlessUpdatable } from '../stack-updates/stack-update-submitter';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';
import { stackArn, stackStatus, StackView } from '../stacks/stack-view';
import { TemplateInputReader } from '../templates/template-input';
import { changesOfCreate, changesOfUpdate } from './change-set-changes';
import { changeSetArn } from './change-set-directory';

const NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;
export const NO_CHANGES_REASON =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

/**
 * CreateChangeSet: checks the inputs as CreateStack / UpdateStack would and computes the changes at once, so the
 * change set is CREATE_COMPLETE (or FAILED, with AWS's reason when nothing would change) when the call returns.
 * ChangeSetType CREATE makes the stack in REVIEW_IN_PROGRESS, without resources, until the change set is executed.
 */
@Injectable()
export class CreateChangeSetAction implements QueryAction {
  readonly action = 'CreateChangeSet';

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
    @Inject(TemplateInputReader) private readonly templates: TemplateInputReader,
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
    @Inject(ClientRequestTokens) private readonly tokens: ClientRequestTokens,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const stackName = requiredParam(params, 'StackName');
    const name = requiredParam(params, 'ChangeSetName');
    if (!NAME.test(name)) {
      throw validationError(
        `1 validation error detected: Value '${name}' at 'changeSetName' failed to satisfy constraint: ` +
          'Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*',
      );
    }
    const type = readString(params, 'ChangeSetType') ?? 'UPDATE';
    if (type !== 'CREATE' && type !== 'UPDATE') {
      throw validationError(
        `1 validation error detected: Value '${type}' at 'changeSetType' failed to satisfy constraint: ` +
          'Member must satisfy enum value set: [UPDATE, CREATE, IMPORT]',
      );
    }
    const clientToken = readClientToken(params);
    const existing = await this.stacks.find(caller, stackName);
    if (existing && (await this.tokens.seen(caller, this.action, clientToken, existing.request.stackId))) {
      // A retried call: the change set it made is the answer (AWS's ClientToken, so a retry makes no second one).
      const made = await this.unitOfWork.dataSource
        .getRepository(ChangeSet)
        .findOneBy({ stackId: existing.request.stackId, name });
      if (made) return { Id: made.arn, StackId: existing.request.stackArn };
    }
    const id = newId();
    const base = {
      id,
      arn: changeSetArn(caller.region, caller.accountId, name, id),
      name,
      accountId: caller.accountId,
      changeSetType: type as 'CREATE' | 'UPDATE',
      description: readString(params, 'Description') ?? null,
      capabilities: readStringList(params, 'Capabilities'),
      createdAt: new Date(),
    };
    if (type === 'CREATE') {
      if (existing && stackStatus(existing) !== 'REVIEW_IN_PROGRESS') {
        throw alreadyExists(
          `Stack [${stackName}] already exists and cannot be created again with the changeSet [${name}].`,
        );
      }
      return this.createForNewStack(caller, stackName, existing, base, params, clientToken);
    }
    if (!existing || stackStatus(existing) === 'REVIEW_IN_PROGRESS') {
      throw validationError(`Stack [${stackName}] does not exist`);
    }
    refuseUnlessUpdatable(existing);
    const inputs = await resolveUpdateInputs(this.templates, existing, params, caller);
    const rows = await this.unitOfWork.dataSource
      .getRepository(StackResource)
      .findBy({ stackId: existing.request.stackId });
    const changes = inputs.unchanged ? [] : changesOfUpdate(this.registry, existing.state!, rows, inputs.checked);
    const nothing = inputs.unchanged || (changes.length === 0 && isDeepEqualOutputs(existing, inputs.checked));
    await this.save(
      {
        ...base,
        stackId: existing.request.stackId,
        templateBody: inputs.templateBody,
        parameters: inputs.parameters,
        tags: inputs.tags,
        changes: changes as unknown as Array<Record<string, any>>,
        status: nothing ? 'FAILED' : 'CREATE_COMPLETE',
        statusReason: nothing ? NO_CHANGES_REASON : null,
        executionStatus: nothing ? 'UNAVAILABLE' : 'AVAILABLE',
      },
      name,
      stackName,
      caller,
      clientToken,
    );
    return { Id: base.arn, StackId: existing.request.stackArn };
  }

  private async createForNewStack(
    caller: CallerIdentity,
    stackName: string,
    existing: StackView | null,
    base: Omit<
      ChangeSet,
      'stackId' | 'templateBody' | 'parameters' | 'tags' | 'changes' | 'status' | 'statusReason' | 'executionStatus'
    >,
    params: QueryParams,
    clientToken: string | undefined,
  ) {
    if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(stackName)) {
      throw validationError(
        `1 validation error detected: Value '${stackName}' at 'stackName' failed to satisfy constraint: ` +
          'Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*',
      );
    }
    if (readBoolean(params, 'UsePreviousTemplate')) {
      throw validationError(
        'UsePreviousTemplate can only be used with an existing stack; ChangeSetType CREATE has none.',
      );
    }
    const { body: templateBody, checker } = await this.templates.read(params);
    const parameters = readParameters(params).map((p) => ({
      key: p.ParameterKey ?? '',
      value: p.ParameterValue ?? '',
    }));
    const tags = readTags(params).map((tag) => ({ key: tag.Key, value: tag.Value }));
    const stackId = existing?.request.stackId ?? newId();
    const arn = existing?.request.stackArn ?? stackArn(caller.region, caller.accountId, stackName, stackId);
    let checked: CheckedStackTemplate;
    try {
      checked = checker.check(
        templateBody,
        parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
        { identity: { accountId: caller.accountId, region: caller.region, stackId: arn, stackName } },
      );
    } catch (error) {
      if (error instanceof TemplateValidationError) throw validationError(error.message);
      throw error;
    }
    const ctx = stackEvaluationContextOf(
      {
        template: checked.template,
        parameters: checked.parameters,
        accountId: caller.accountId,
        region: caller.region,
        stackArn: arn,
        stackName,
        availabilityZones: [],
      },
      [],
    );
    const included = Object.keys(checked.template.Resources ?? {}).filter((logicalId) =>
      conditionHolds(checked.template.Resources[logicalId].Condition, ctx),
    );
    const changeSet = {
      ...base,
      stackId,
      templateBody,
      parameters,
      tags,
      changes: changesOfCreate(checked, included) as unknown as Array<Record<string, any>>,
      status: 'CREATE_COMPLETE',
      statusReason: null,
      executionStatus: 'AVAILABLE',
    };
    try {
      await this.tokens.once(caller, this.action, clientToken, stackId, async (tx) => {
        if (!existing) {
          await tx.manager.insert(StackRequest, {
            stackId,
            stackArn: arn,
            stackName,
            nameLock: stackName,
            accountId: caller.accountId,
            owner: caller.owner ?? null,
            region: caller.region,
            templateBody,
            parameters,
            tags,
            capabilities: base.capabilities,
            disableRollback: false,
            clientRequestToken: null,
            createdAt: new Date(),
            deleteRequestedAt: null,
            inReview: true,
          });
        }
        await tx.manager.insert(ChangeSet, changeSet);
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      if (existing) throw alreadyExists(`ChangeSet ${base.name} already exists`);
      throw alreadyExists(
        `Stack [${stackName}] already exists and cannot be created again with the changeSet [${base.name}].`,
      );
    }
    return { Id: base.arn, StackId: arn };
  }

  private async save(
    changeSet: ChangeSet,
    name: string,
    stackName: string,
    caller: CallerIdentity,
    clientToken: string | undefined,
  ): Promise<void> {
    try {
      await this.tokens.once(caller, this.action, clientToken, changeSet.stackId, async (tx) => {
        await tx.manager.insert(ChangeSet, changeSet);
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw alreadyExists(`ChangeSet ${name} already exists in stack ${stackName}`);
      throw error;
    }
  }
}

/** CreateChangeSet's ClientToken (AWS names it so here), checked as AWS checks it. */
function readClientToken(params: QueryParams): string | undefined {
  const token = readString(params, 'ClientToken');
  if (token === undefined) return undefined;
  if (token.length < 1 || token.length > 128 || !/^[a-zA-Z][-a-zA-Z0-9]*$/.test(token)) {
    throw validationError(
      `1 validation error detected: Value '${token}' at 'clientToken' failed to satisfy constraint: ` +
        'Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]* and have length between 1 and 128',
    );
  }
  return token;
}

/** Outputs are not resources: a template that changes only Outputs still has something to do. */
function isDeepEqualOutputs(view: StackView, checked: CheckedStackTemplate): boolean {
  return JSON.stringify(view.state?.template?.Outputs ?? {}) === JSON.stringify(checked.template.Outputs ?? {});
}
