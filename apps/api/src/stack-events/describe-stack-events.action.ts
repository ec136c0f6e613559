import { StackEvent } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CallerIdentity, QueryParams } from '../protocol';
import { paginate } from '../stacks/next-token';
import { QueryAction } from '../stacks/query-action';
import { requiredParam } from '../stacks/required-param';
import { StackDirectory } from '../stacks/stack-directory';

/** DescribeStackEvents: newest first, 100 a page, as AWS returns them. */
@Injectable()
export class DescribeStackEventsAction implements QueryAction {
  readonly action = 'DescribeStackEvents';

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
  ) {}

  async handle(params: QueryParams, caller: CallerIdentity) {
    const view = await this.stacks.require(caller, requiredParam(params, 'StackName'));
    const events = await this.dataSource.getRepository(StackEvent).find({
      where: { stackId: view.request.stackId },
      order: { seq: 'DESC' },
    });
    const { page, NextToken } = paginate(events, params, 100);
    return {
      StackEvents: page.map((event) => ({
        StackId: view.request.stackArn,
        EventId: event.eventId,
        StackName: event.stackName,
        LogicalResourceId: event.logicalId,
        PhysicalResourceId: event.physicalId ?? undefined,
        ResourceType: event.resourceType,
        Timestamp: event.timestamp,
        ResourceStatus: event.status,
        ResourceStatusReason: event.statusReason ?? undefined,
        ResourceProperties: event.resourceProperties ?? undefined,
        ClientRequestToken: event.clientRequestToken ?? undefined,
      })),
      NextToken,
    };
  }
}
