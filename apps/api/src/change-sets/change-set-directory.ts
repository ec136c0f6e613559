import { ChangeSet } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CallerIdentity, changeSetNotFound, QueryParams, readString, validationError } from '../protocol';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';
import { StackView } from '../stacks/stack-view';

const CHANGE_SET_ARN = /^arn:aws:cloudformation:[^:]*:([^:]*):changeSet\/([^/]+)\/([0-9a-f-]{36})$/;

export function changeSetArn(region: string, accountId: string, name: string, id: string): string {
  return `arn:aws:cloudformation:${region}:${accountId}:changeSet/${name}/${id}`;
}

/** Finds a change set as AWS does: by ARN, or by name within the stack StackName names. */
@Injectable()
export class ChangeSetDirectory {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
  ) {}

  async require(params: QueryParams, caller: CallerIdentity): Promise<{ changeSet: ChangeSet; view: StackView }> {
    const nameOrArn = requiredParam(params, 'ChangeSetName');
    const stackName = readString(params, 'StackName');
    const repository = this.dataSource.getRepository(ChangeSet);
    const byArn = CHANGE_SET_ARN.exec(nameOrArn);
    let changeSet: ChangeSet | null;
    if (byArn) {
      changeSet = await repository.findOneBy({ id: byArn[3], accountId: caller.accountId });
    } else {
      if (!stackName) throw validationError('StackName must be specified if ChangeSetName is not specified as an ARN.');
      const view = await this.stacks.find(caller, stackName);
      changeSet = view ? await repository.findOneBy({ stackId: view.request.stackId, name: nameOrArn }) : null;
    }
    if (!changeSet) throw changeSetNotFound(`ChangeSet [${nameOrArn}] does not exist`);
    // An ARN finds the stack by its id alone (also one in review, or one deleted).
    const view = await this.stacks.find(
      caller,
      `arn:aws:cloudformation:${caller.region}:${caller.accountId}:stack/s/${changeSet.stackId}`,
    );
    if (!view) throw changeSetNotFound(`ChangeSet [${nameOrArn}] does not exist`);
    return { changeSet, view };
  }

  async ofStack(stackId: string): Promise<ChangeSet[]> {
    return this.dataSource.getRepository(ChangeSet).find({ where: { stackId }, order: { createdAt: 'DESC' } });
  }
}
