import { Stack, StackRequest, StackTemplateVersion } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not } from 'typeorm';

import { CallerIdentity, validationError } from '../protocol';
import { isDeleted, stackIdFromArn, StackView } from './stack-view';

/** Finds stacks the way AWS resolves `StackName`: a name means the live stack; an ARN also finds deleted ones. */
@Injectable()
export class StackDirectory {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The stack, or AWS's ValidationError "Stack with id X does not exist". */
  async require(caller: CallerIdentity, nameOrArn: string): Promise<StackView> {
    const view = await this.find(caller, nameOrArn);
    if (!view) throw validationError(`Stack with id ${nameOrArn} does not exist`);
    return view;
  }

  async find(caller: CallerIdentity, nameOrArn: string): Promise<StackView | null> {
    const requests = this.dataSource.getRepository(StackRequest);
    const stackId = stackIdFromArn(nameOrArn);
    if (stackId) {
      // Another account's stack answers as one that does not exist; an administrator may name any stack by its ARN
      // (to delete the stack of an owner removed from CloudStack, for instance: docs/tenancy.md).
      const request = await requests.findOneBy(caller.isAdmin ? { stackId } : { stackId, accountId: caller.accountId });
      return request ? this.withState(request) : null;
    }
    const live = await requests.findOneBy({ accountId: caller.accountId, nameLock: nameOrArn });
    if (!live) return null;
    const view = await this.withState(live);
    // The planner finished deleting it but the api has not yet released the name: it no longer exists.
    return isDeleted(view) ? null : view;
  }

  /** Every stack of the account that is not deleted, newest first (DescribeStacks without a name). */
  async live(caller: CallerIdentity): Promise<StackView[]> {
    const requests = await this.dataSource.getRepository(StackRequest).find({
      where: { accountId: caller.accountId, nameLock: Not(IsNull()) },
      order: { createdAt: 'DESC' },
    });
    return (await this.attachStates(requests)).filter((view) => !isDeleted(view));
  }

  /** Every stack of the account including deleted ones (ListStacks), newest first. */
  async all(caller: CallerIdentity): Promise<StackView[]> {
    const requests = await this.dataSource.getRepository(StackRequest).find({
      where: { accountId: caller.accountId },
      order: { createdAt: 'DESC' },
    });
    return this.attachStates(requests);
  }

  private async withState(request: StackRequest): Promise<StackView> {
    const state = await this.dataSource.getRepository(Stack).findOneBy({ id: request.stackId });
    return this.withInputsInEffect({ request, state });
  }

  /**
   * Updates (ADR 0019): the inputs shown are those of the version the planner has in effect, and an update the
   * planner has not yet taken up already shows as UPDATE_IN_PROGRESS.
   */
  private async withInputsInEffect(view: StackView): Promise<StackView> {
    const versions = this.dataSource.getRepository(StackTemplateVersion);
    const latest = await versions.findOne({ where: { stackId: view.request.stackId }, order: { version: 'DESC' } });
    if (!latest) return view;
    const inEffect = view.state?.templateVersion ?? 0;
    const pendingUpdate = latest.version > (view.state?.updateVersion ?? 0);
    if (inEffect === 0) return { ...view, pendingUpdate };
    const version =
      inEffect === latest.version
        ? latest
        : await versions.findOneBy({ stackId: view.request.stackId, version: inEffect });
    if (!version) return { ...view, pendingUpdate };
    const request = {
      ...view.request,
      templateBody: version.templateBody,
      parameters: version.parameters,
      tags: version.tags,
    };
    return { request, state: view.state, pendingUpdate };
  }

  private async attachStates(requests: StackRequest[]): Promise<StackView[]> {
    if (requests.length === 0) return [];
    const states = await this.dataSource.getRepository(Stack).findBy({ id: In(requests.map((r) => r.stackId)) });
    const byId = new Map(states.map((state) => [state.id, state]));
    const updated = new Set(
      (
        await this.dataSource
          .getRepository(StackTemplateVersion)
          .createQueryBuilder('v')
          .select('DISTINCT v.stack_id', 'stackId')
          .where({ stackId: In(requests.map((r) => r.stackId)) })
          .getRawMany<{ stackId: string }>()
      ).map((row) => row.stackId),
    );
    return Promise.all(
      requests.map((request) => {
        const view = { request, state: byId.get(request.stackId) ?? null };
        return updated.has(request.stackId) ? this.withInputsInEffect(view) : view;
      }),
    );
  }
}
