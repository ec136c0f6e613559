import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { ResourcePropertyError } from '@cfn/resources';
import { newId } from '@cfn/runtime';
import { evaluate, TemplateDocument } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';
import { CreateStarted } from '../resource-types/resource-type-hooks';
import { ResourceRequests } from './resource-requests';
import { stackEvaluationContext } from './stack-evaluation';
import { StackStatusWriter } from './stack-status-writer';
import { ResourceStatus } from './statuses';

/** What starting a set of resources came to. */
export interface CreatesStarted {
  /** A resource could not be started: it is CREATE_FAILED and the caller must take the failure path. */
  failed: boolean;
  /** Resources the planner itself waits for; signals may have come before they started. */
  waiting: StackResource[];
}

/**
 * Starts resources (a stack's create, or resources an update adds): evaluates each one's properties with the
 * attributes of `known` resources and lets its type begin (handle_create); an ordinary cloud resource is asked of
 * the provisioner.
 */
@Injectable()
export class ResourceCreation {
  constructor(
    @Inject(ResourceTypeHookRegistry) private readonly hooks: ResourceTypeHookRegistry,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(ResourceRequests) private readonly requests: ResourceRequests,
  ) {}

  async start(tx: Transaction, stack: Stack, known: StackResource[], ready: string[]): Promise<CreatesStarted> {
    const waiting: StackResource[] = [];
    if (ready.length === 0) return { failed: false, waiting };
    const byId = new Map(known.map((resource) => [resource.logicalId, resource]));
    const ctx = stackEvaluationContext(stack, known);
    for (const logicalId of ready) {
      const resource = byId.get(logicalId)!;
      const definition = (stack.template as TemplateDocument).Resources[logicalId];
      const hooks = this.hooks.of(resource.resourceType);
      let properties: Record<string, unknown>;
      try {
        properties = (evaluate(definition.Properties ?? {}, ctx) ?? {}) as Record<string, unknown>;
        properties = this.hooks.workerProperties(resource.resourceType, properties, known);
      } catch (error) {
        await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, (error as Error).message);
        return { failed: true, waiting };
      }
      const operationId = newId();
      let started: CreateStarted = { changes: {} };
      if (hooks.handleCreate) {
        try {
          started = await hooks.handleCreate(tx, stack, resource, properties, operationId);
        } catch (error) {
          if (!(error instanceof ResourcePropertyError)) throw error;
          await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, error.message);
          return { failed: true, waiting };
        }
      }
      // Queued, not sent (ResourceRowWrites): 500 resources started together cost a few multi-row UPDATEs.
      await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateInProgress, null, {
        properties,
        operationId,
        ...started.changes,
      });
      if (started.awaiting) waiting.push(resource);
      else if (!hooks.handleCreate) await this.requests.create(tx, stack, resource);
    }
    return { failed: false, waiting };
  }
}
