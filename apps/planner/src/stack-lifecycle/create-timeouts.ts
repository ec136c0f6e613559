import { UnitOfWork } from '@cfn/messaging';
import { Inject, Injectable } from '@nestjs/common';

import { CreatePass } from '../stack-engine/create-pass';
import { StackRepository } from '../stack-engine/stack-repository';
import { StackStatus } from '../stack-engine/statuses';
import { StackSweep } from '../sweeps/stack-sweep';

/**
 * Fails creates that outlived CreateStack's TimeoutInMinutes. A restarted planner catches up on overdue stacks at
 * its first sweep.
 */
@Injectable()
export class CreateTimeouts extends StackSweep {
  constructor(
    @Inject(UnitOfWork) unitOfWork: UnitOfWork,
    @Inject(StackRepository) repository: StackRepository,
    @Inject(CreatePass) private readonly create: CreatePass,
  ) {
    super(unitOfWork, repository, { name: 'create timeout', intervalMs: 2_000 });
  }

  protected async sweep(): Promise<void> {
    const due: Array<{ id: string }> = await this.unitOfWork.dataSource.query(
      'SELECT id FROM stacks WHERE status = ? AND create_deadline <= UTC_TIMESTAMP(3) LIMIT 100',
      [StackStatus.CreateInProgress],
    );
    for (const { id } of due) {
      await this.onLockedStack(id, async (tx, stack) => {
        if (!stack.createDeadline || stack.createDeadline.getTime() > Date.now()) return;
        this.logger.log(`stack ${stack.name} (${stack.id}) did not finish creating in time`);
        await this.create.timeOutCreate(tx, stack);
      });
    }
  }
}
