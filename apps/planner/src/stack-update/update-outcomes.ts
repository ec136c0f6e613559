import { ResourceConfigureRequested } from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { TemplateDocument } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import { configurationRequestOf } from '../configuration/configuration-request';
import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';
import { MadeResource } from '../resource-types/resource-type-hooks';
import { ResourceRequests } from '../stack-engine/resource-requests';
import { StackRepository } from '../stack-engine/stack-repository';
import { StackStatusWriter } from '../stack-engine/stack-status-writer';
import { ResourceStatus } from '../stack-engine/statuses';
import { UpdateCleanup } from './update-cleanup';
import { UpdatePass } from './update-pass';

/** Outcomes of the workers' work on a resource being updated, and their re-sending by recovery. */
@Injectable()
export class UpdateOutcomes {
  constructor(
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(ResourceRequests) private readonly requests: ResourceRequests,
    @Inject(ResourceTypeHookRegistry) private readonly hooks: ResourceTypeHookRegistry,
    @Inject(UpdatePass) private readonly pass: UpdatePass,
    @Inject(UpdateCleanup) private readonly cleanup: UpdateCleanup,
  ) {}

  /**
   * The replacement object exists: the resource now is it (the old object waits for clean-up). A VM with
   * configuration is configured first, as at create: the update goes on only once the new VM is what the template
   * says, and a failed configuration fails the update (the rollback retires the new VM).
   */
  async replacementCreated(tx: Transaction, stack: Stack, row: StackResource, made: MadeResource): Promise<void> {
    if (this.hooks.needsConfiguration(stack.template as TemplateDocument, row.logicalId)) {
      const operationId = newId();
      await this.writer.setResourceStatus(
        tx,
        stack,
        row,
        ResourceStatus.UpdateInProgress,
        'Resource created; configuring it over SSH',
        { ...made, operationId, phase: 'CONFIGURING' },
      );
      const all = await this.repository.resourcesOf(tx, stack.id);
      await tx.publish(ResourceConfigureRequested, configurationRequestOf(stack, row, all, operationId), stack.id);
      return;
    }
    await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateComplete, null, made);
    await this.advance(tx, stack);
  }

  async replacementFailed(
    tx: Transaction,
    stack: Stack,
    row: StackResource,
    reason: string,
    physicalId: string | null,
  ): Promise<void> {
    // A half-made replacement is retired, so that clean-up after the rollback removes it.
    const retired = physicalId
      ? { status: null, physicalId, properties: row.properties, attributes: null }
      : row.retired;
    await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateFailed, reason, { retired });
    await this.advance(tx, stack);
  }

  /** An in-place update is done, or a replacement VM is configured (phase CONFIGURING ends). */
  async updated(tx: Transaction, stack: Stack, row: StackResource, result: MadeResource): Promise<void> {
    await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateComplete, null, {
      ...result,
      phase: null,
    });
    await this.advance(tx, stack);
  }

  /**
   * An in-place update failed, or a replacement VM's configuration did; in the latter case the resource points at
   * the new VM, so the rollback retires it.
   */
  async updateFailed(tx: Transaction, stack: Stack, row: StackResource, reason: string): Promise<void> {
    await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateFailed, reason, { phase: null });
    await this.advance(tx, stack);
  }

  async retiredDeleted(tx: Transaction, stack: Stack, row: StackResource, failure: string | null): Promise<void> {
    await this.cleanup.retiredDeleted(tx, stack, row, failure);
    await this.advance(tx, stack);
  }

  /**
   * Re-sends the request a resource of the update waits on (recovery: no outcome came for a while), with the same
   * operation id, so the provisioner's intent and lease make a copy of a request it already has harmless.
   * False when the resource waits on nothing this pass sent.
   */
  async resend(tx: Transaction, stack: Stack, row: StackResource): Promise<boolean> {
    if (!row.operationId) return false;
    if (row.phase === 'CLEANUP' && row.retired) {
      await this.cleanup.requestRetiredDelete(tx, stack, row);
      return true;
    }
    if (row.status !== ResourceStatus.UpdateInProgress || row.phase !== null) return false;
    if (row.updateAction === 'Replace' && row.previous) {
      await this.requests.createReplacement(tx, stack, row, {
        physicalId: row.previous.physicalId ?? '',
        generation: row.updateVersion ?? stack.updateVersion,
      });
      return true;
    }
    if ((row.updateAction === 'Modify' || row.updateAction === 'RolledBack') && row.physicalId) {
      // A revert's "previous" (the properties it undoes) is not kept; plugins compare with the object itself.
      const previousProperties =
        row.updateAction === 'Modify' ? (row.previous?.properties ?? {}) : (row.properties ?? {});
      await this.requests.update(tx, stack, row, previousProperties);
      return true;
    }
    return false;
  }

  private async advance(tx: Transaction, stack: Stack): Promise<void> {
    await this.pass.advance(tx, stack, await this.repository.resourcesOf(tx, stack.id));
  }
}
