import { StackRequest, StackResource } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CallerIdentity, validationError } from '../protocol';
import { StackDirectory } from '../stacks/stack-directory';
import { StackView } from '../stacks/stack-view';
import { visibleResources } from './resource-shapes';

/** Reads a stack's resources (planner tables) for the Describe/List resource actions. */
@Injectable()
export class StackResourceReader {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(StackDirectory) private readonly stacks: StackDirectory,
  ) {}

  async ofStack(view: StackView): Promise<StackResource[]> {
    const resources = await this.dataSource.getRepository(StackResource).find({
      where: { stackId: view.request.stackId },
      order: { id: 'ASC' },
    });
    return visibleResources(resources);
  }

  /** The stack that holds a resource with this physical id (DescribeStackResources by PhysicalResourceId). */
  async stackOfPhysicalId(caller: CallerIdentity, physicalId: string): Promise<StackView> {
    const rows: Array<{ stack_id: string }> = await this.dataSource.query(
      `SELECT r.stack_id FROM stack_resources r JOIN stack_requests q ON q.stack_id = r.stack_id
       WHERE r.physical_id = ? AND q.account_id = ? ORDER BY r.id DESC LIMIT 1`,
      [physicalId, caller.accountId],
    );
    if (rows.length === 0) throw validationError(`Stack for ${physicalId} does not exist`);
    const request = await this.dataSource.getRepository(StackRequest).findOneByOrFail({ stackId: rows[0].stack_id });
    return this.stacks.require(caller, request.stackArn);
  }
}
