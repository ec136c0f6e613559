import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { StackEngine } from '../stack-engine/stack-engine';
import { StackStatusWriter } from '../stack-engine/stack-status-writer';
import { ResourceStatus } from '../stack-engine/statuses';
import { resourceSignalPolicy } from './resource-signal-policy';
import { signalsOf } from './stack-signals';

/**
 * The last step of creating a resource that was made (and configured, if it has configuration): it completes, or,
 * with a CreationPolicy ResourceSignal, waits in phase AWAITING_SIGNALS until Count SUCCESS signals arrived
 * (SignalResource, cfn-signal), failing on a FAILURE signal or at its Timeout, in AWS's words. Signals are kept in
 * `stack_signals` under the resource's logical id, so signals sent before the wait began count (ADR 29).
 */
@Injectable()
export class CreationCompletion {
  constructor(
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
  ) {}

  /**
   * `configured`: the instance ids the configurator has just configured. Configuration replaces cfn-init and the
   * cfn-signal that follows it in AWS templates, so each counts as a SUCCESS signal with the instance id as UniqueId
   * (what cfn-signal sends by default); signals the VMs send themselves count as well.
   */
  async complete(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    changes: Partial<StackResource>,
    configured: string[] = [],
  ): Promise<void> {
    let policy;
    try {
      policy = resourceSignalPolicy(stack, resource.logicalId);
    } catch (error) {
      await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, (error as Error).message, {
        ...changes,
        phase: null,
      });
      return this.engine.advance(tx, stack);
    }
    if (!policy) {
      await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateComplete, null, {
        ...changes,
        phase: null,
      });
      return this.engine.afterResourceCreated(tx, stack, resource);
    }
    for (const uniqueId of configured) {
      await tx.manager.query(
        `INSERT INTO stack_signals (stack_id, handle_logical_id, unique_id, status, reason, data, received_at)
         VALUES (?, ?, ?, 'SUCCESS', 'Configured by the configurator', '', UTC_TIMESTAMP(3))
         ON DUPLICATE KEY UPDATE unique_id = unique_id`,
        [stack.id, resource.logicalId, uniqueId],
      );
    }
    await this.writer.setResourceStatus(
      tx,
      stack,
      resource,
      ResourceStatus.CreateInProgress,
      `Resource created; waiting for ${policy.count} resource signal(s)`,
      { ...changes, phase: 'AWAITING_SIGNALS', deadline: new Date(Date.now() + policy.timeoutSeconds * 1000) },
    );
    await this.checkSignals(tx, stack, resource);
  }

  /** Completes or fails a resource awaiting signals when the signals received so far decide it. */
  async checkSignals(tx: Transaction, stack: Stack, resource: StackResource): Promise<void> {
    if (resource.status !== ResourceStatus.CreateInProgress || resource.phase !== 'AWAITING_SIGNALS') return;
    const policy = resourceSignalPolicy(stack, resource.logicalId);
    if (!policy) return;
    const signals = await signalsOf(tx, stack.id, resource.logicalId);
    const failure = signals.find((signal) => signal.status === 'FAILURE');
    if (failure) {
      await this.writer.setResourceStatus(
        tx,
        stack,
        resource,
        ResourceStatus.CreateFailed,
        `Received FAILURE signal with UniqueId ${failure.unique_id}`,
        { phase: null, deadline: null },
      );
      return this.engine.advance(tx, stack);
    }
    if (signals.filter((signal) => signal.status === 'SUCCESS').length < policy.count) return;
    await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateComplete, null, {
      phase: null,
      deadline: null,
    });
    await this.engine.afterResourceCreated(tx, stack, resource);
  }

  /** The Timeout passed without Count SUCCESS signals: the resource fails and the stack follows OnFailure. */
  async timeOut(tx: Transaction, stack: Stack, resource: StackResource): Promise<void> {
    if (resource.status !== ResourceStatus.CreateInProgress || resource.phase !== 'AWAITING_SIGNALS') return;
    const policy = resourceSignalPolicy(stack, resource.logicalId);
    await this.writer.setResourceStatus(
      tx,
      stack,
      resource,
      ResourceStatus.CreateFailed,
      `Failed to receive ${policy?.count ?? 1} resource signal(s) within the specified duration`,
      { phase: null, deadline: null },
    );
    await this.engine.advance(tx, stack);
  }
}
