import { StackUpdateRejectedV1, StackUpdateValidatedV1 } from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { Stack, StackUpdateState } from '@cfn/persistence';
import { TemplateDocument } from '@cfn/template';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { includedResources } from '../stack-engine/stack-evaluation';
import { StackRepository } from '../stack-engine/stack-repository';
import { StackStatusWriter } from '../stack-engine/stack-status-writer';
import { templateHashOf } from '../stack-engine/stack-template-cache';
import { ResourceStatus, StackStatus } from '../stack-engine/statuses';
import { UpdatePass } from './update-pass';
import { UpdateRollback } from './update-rollback';
import { UPDATABLE_STATUSES } from './update-statuses';

/**
 * What users ask of a stack update (ADR 0019): UpdateStack once validated (or refused by the validator),
 * CancelUpdateStack and ContinueUpdateRollback. Each records the request and hands the stack to the update pass.
 */
@Injectable()
export class StackUpdater {
  private readonly logger = new Logger(StackUpdater.name);

  constructor(
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(UpdatePass) private readonly pass: UpdatePass,
    @Inject(UpdateRollback) private readonly rollback: UpdateRollback,
  ) {}

  /** A validated update: the stack moves to the new template and the forward pass starts. */
  async begin(tx: Transaction, stack: Stack, event: StackUpdateValidatedV1): Promise<void> {
    if (event.version <= stack.updateVersion) return;
    if (!UPDATABLE_STATUSES.has(stack.status)) {
      // The api refused updates in this state; one that raced past it is dropped rather than mixed into another.
      this.logger.warn(`stack ${stack.name}: update ${event.version} dropped, the stack is ${stack.status}`);
      await this.repository.saveStack(tx, stack, { updateVersion: event.version });
      return;
    }
    const state: StackUpdateState = {
      version: event.version,
      disableRollback: event.disableRollback,
      previous: {
        template: stack.template,
        parameters: stack.parameters,
        noEchoParameters: stack.noEchoParameters,
        availabilityZones: stack.availabilityZones,
        tags: stack.tags,
        outputs: stack.outputs,
        templateVersion: stack.templateVersion,
        templateHash: stack.templateHash,
      },
      target: { template: event.template, parameters: event.parameters },
    };
    const template = event.template;
    await this.repository.saveStack(tx, stack, {
      clientRequestToken: event.clientRequestToken ?? null,
      template,
      parameters: event.parameters,
      noEchoParameters: event.noEchoParameters,
      availabilityZones: event.availabilityZones ?? null,
      tags: event.tags,
      templateVersion: event.version,
      updateVersion: event.version,
      updateState: state,
      lastUpdatedAt: new Date(),
      templateHash: templateHashOf(template, event.parameters),
    });
    const rows = await this.repository.resourcesOf(tx, stack.id);
    const wanted = new Set(includedResources(stack));
    const existing = new Set(rows.map((row) => row.logicalId));
    const added = [...wanted].filter((logicalId) => !existing.has(logicalId));
    if (added.length > 0) {
      await this.repository.insertAddedResources(
        tx,
        stack,
        added.map((logicalId) => ({
          logicalId,
          resourceType: (template as unknown as TemplateDocument).Resources[logicalId].Type,
        })),
      );
    }
    for (const row of rows.filter((candidate) => !wanted.has(candidate.logicalId))) {
      await this.repository.markResource(tx, row, { updateAction: 'Remove' });
    }
    await this.writer.setStackStatus(tx, stack, StackStatus.UpdateInProgress, 'User Initiated');
    await this.pass.advance(tx, stack, await this.repository.resourcesOf(tx, stack.id));
  }

  /** An update the validator refused: nothing was touched, the stack goes through rollback to where it was. */
  async reject(tx: Transaction, stack: Stack, event: StackUpdateRejectedV1): Promise<void> {
    if (event.version <= stack.updateVersion) return;
    if (!UPDATABLE_STATUSES.has(stack.status)) {
      await this.repository.saveStack(tx, stack, { updateVersion: event.version });
      return;
    }
    await this.repository.saveStack(tx, stack, {
      updateVersion: event.version,
      clientRequestToken: event.clientRequestToken ?? null,
    });
    await this.writer.setStackStatus(tx, stack, StackStatus.UpdateInProgress, 'User Initiated');
    await this.writer.setStackStatus(tx, stack, StackStatus.UpdateRollbackInProgress, event.reason);
    await this.writer.setStackStatus(tx, stack, StackStatus.UpdateRollbackCompleteCleanupInProgress, null);
    await this.writer.setStackStatus(tx, stack, StackStatus.UpdateRollbackComplete, null);
  }

  /** CancelUpdateStack: stop starting anything new and roll back (what is in flight finishes first). */
  async cancel(tx: Transaction, stack: Stack, clientRequestToken?: string): Promise<void> {
    if (stack.status !== StackStatus.UpdateInProgress) return;
    await this.repository.saveStack(tx, stack, { clientRequestToken: clientRequestToken ?? null });
    await this.rollback.begin(tx, stack, await this.repository.resourcesOf(tx, stack.id), 'User Initiated');
  }

  /** ContinueUpdateRollback: try the rollback again; resources to skip are taken as they are. */
  async continueRollback(
    tx: Transaction,
    stack: Stack,
    resourcesToSkip: string[],
    clientRequestToken?: string,
  ): Promise<void> {
    if (stack.status !== StackStatus.UpdateRollbackFailed || !stack.updateState) return;
    await this.repository.saveStack(tx, stack, { clientRequestToken: clientRequestToken ?? null });
    const rows = await this.repository.resourcesOf(tx, stack.id);
    for (const row of rows.filter((r) => r.updateAction === 'RolledBack' && r.status === ResourceStatus.UpdateFailed)) {
      await this.repository.markResource(tx, row, { updateAction: 'Modify' });
    }
    await this.repository.saveStack(tx, stack, { updateState: { ...stack.updateState, skipped: resourcesToSkip } });
    await this.writer.setStackStatus(tx, stack, StackStatus.UpdateRollbackInProgress, 'User Initiated');
    await this.pass.advance(tx, stack, rows);
  }
}
