import { Inject, Injectable } from '@nestjs/common';

import { CallerIdentity, QueryParams, validationError } from '../protocol';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';
import { resourceMetadataJson } from './resource-metadata';
import { stackResourceDetailShape } from './resource-shapes';
import { StackResourceReader } from './stack-resource-reader';

/** DescribeStackResource: one resource in detail, including its Metadata (what cfn-init reads). */
@Injectable()
export class DescribeStackResourceAction implements QueryAction {
  readonly action = 'DescribeStackResource';

  constructor(
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
    @Inject(StackResourceReader) private readonly reader: StackResourceReader,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const stackName = requiredParam(params, 'StackName');
    const logicalId = requiredParam(params, 'LogicalResourceId');
    const view = await this.stacks.require(caller, stackName);
    const resources = await this.reader.ofStack(view);
    const resource = resources.find((r) => r.logicalId === logicalId);
    if (!resource) throw validationError(`Resource ${logicalId} does not exist for stack ${stackName}`);
    const metadata = resourceMetadataJson(view, resources, logicalId);
    return { StackResourceDetail: stackResourceDetailShape(view, resource, metadata) };
  }
}
