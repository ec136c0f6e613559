import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams, readString, validationError } from '../protocol';
import { QueryAction } from '../stacks/query-action';
import { StackDirectory } from '../stacks/stack-directory';
import { stackResourceShape } from './resource-shapes';
import { StackResourceReader } from './stack-resource-reader';

/** DescribeStackResources: by StackName or by a resource's PhysicalResourceId, optionally one LogicalResourceId. */
@Injectable()
export class DescribeStackResourcesAction implements QueryAction {
  readonly action = 'DescribeStackResources';

  constructor(
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
    @Inject(StackResourceReader) private readonly reader: StackResourceReader,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const stackName = readString(params, 'StackName');
    const physicalId = readString(params, 'PhysicalResourceId');
    if (!stackName && !physicalId) throw validationError('Either StackName or PhysicalResourceId must be specified.');
    const view = stackName
      ? await this.stacks.require(caller, stackName)
      : await this.reader.stackOfPhysicalId(caller, physicalId!);
    const logicalId = readString(params, 'LogicalResourceId');
    const resources = (await this.reader.ofStack(view)).filter((r) => !logicalId || r.logicalId === logicalId);
    return { StackResources: resources.map((resource) => stackResourceShape(view, resource)) };
  }
}
