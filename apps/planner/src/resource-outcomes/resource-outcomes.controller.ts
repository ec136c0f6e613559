import {
  ResourceConfigureRequested,
  ResourceCreateFailed,
  ResourceCreateFailedV1,
  ResourceCreateSucceeded,
  ResourceCreateSucceededV1,
  ResourceDeleteFailed,
  ResourceDeleteFailedV1,
  ResourceDeleteSucceeded,
  ResourceDeleteSucceededV1,
} from '@cfn/contracts';
import { RabbitContext, Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { TemplateDocument } from '@cfn/template';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import {
  ConfigurationGroup,
  configurationGroup,
  configurationGroupOf,
  configurationRequest,
} from '../configuration/configuration-request';
import { CreationCompletion } from '../creation-policy/creation-completion';
import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';
import { StackEngine } from '../stack-engine/stack-engine';
import { StackEventWriter } from '../stack-engine/stack-event-writer';
import { StackRepository } from '../stack-engine/stack-repository';
import { StackStatusWriter } from '../stack-engine/stack-status-writer';
import { ResourceStatus } from '../stack-engine/statuses';
import { UpdateOutcomes } from '../stack-update/update-outcomes';
import { ExpectedState, OutcomeApplier } from './outcome-applier';

/**
 * Outcomes of the provisioner's work. Each is applied only if it answers the attempt the planner is waiting
 * for (same operation id, resource still in progress), so a duplicate or stale outcome changes nothing.
 */
@Controller()
export class ResourceOutcomesController {
  constructor(
    @Inject(OutcomeApplier) private readonly outcomes: OutcomeApplier,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(UpdateOutcomes) private readonly updates: UpdateOutcomes,
    @Inject(CreationCompletion) private readonly creation: CreationCompletion,
    @Inject(ResourceTypeHookRegistry) private readonly hooks: ResourceTypeHookRegistry,
  ) {}

  private readonly events = new StackEventWriter();

  @EventPattern(ResourceCreateSucceeded.routingKey)
  async onCreateSucceeded(@Payload() event: ResourceCreateSucceededV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.outcomes.apply(ctx, event, [CREATING, CANCELLED, REPLACING], async (tx, stack, resource) => {
      if (resource.phase === 'CANCELLED')
        return this.engine.cancelledCreateSettled(tx, stack, resource, event.physicalId, event.attributes);
      if (event.note) this.events.note(tx, stack, resource, event.physicalId, event.note);
      if (resource.status === ResourceStatus.UpdateInProgress)
        return this.updates.replacementCreated(tx, stack, resource, event);
      const made = { physicalId: event.physicalId, attributes: event.attributes };
      if (await this.hooks.of(resource.resourceType).afterMade?.(tx, stack, resource, made, 'create')) return;
      if (this.hooks.needsConfiguration(stack.template as TemplateDocument, resource.logicalId)) {
        return this.configureWhenReady(tx, stack, resource, event);
      }
      await this.creation.complete(tx, stack, resource, made);
    });
  }

  @EventPattern(ResourceCreateFailed.routingKey)
  async onCreateFailed(@Payload() event: ResourceCreateFailedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.outcomes.apply(ctx, event, [CREATING, CANCELLED, REPLACING], async (tx, stack, resource) => {
      if (resource.phase === 'CANCELLED')
        return this.engine.cancelledCreateSettled(tx, stack, resource, event.physicalId, null);
      if (resource.status === ResourceStatus.UpdateInProgress) {
        return this.updates.replacementFailed(tx, stack, resource, event.reason, event.physicalId);
      }
      await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, event.reason, {
        physicalId: event.physicalId,
      });
      await this.engine.advance(tx, stack);
    });
  }

  @EventPattern(ResourceDeleteSucceeded.routingKey)
  async onDeleteSucceeded(@Payload() event: ResourceDeleteSucceededV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.outcomes.apply(ctx, event, [DELETING, CLEANING], async (tx, stack, resource) => {
      if (resource.phase === 'CLEANUP') return this.updates.retiredDeleted(tx, stack, resource, null);
      await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteComplete, null);
      await this.engine.afterResourceDeleted(tx, stack, resource);
    });
  }

  @EventPattern(ResourceDeleteFailed.routingKey)
  async onDeleteFailed(@Payload() event: ResourceDeleteFailedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.outcomes.apply(ctx, event, [DELETING, CLEANING], async (tx, stack, resource) => {
      if (resource.phase === 'CLEANUP') return this.updates.retiredDeleted(tx, stack, resource, event.reason);
      await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteFailed, event.reason);
      await this.engine.afterResourceDeleted(tx, stack, resource);
    });
  }

  /**
   * The VM exists; it becomes CREATE_COMPLETE only once the configurator has configured it. A member of a
   * configuration group waits until every member exists, then all are configured together, each knowing them all.
   */
  private async configureWhenReady(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    event: ResourceCreateSucceededV1,
  ): Promise<void> {
    const template = stack.template as TemplateDocument;
    const created = { physicalId: event.physicalId, attributes: event.attributes };
    const groupName = configurationGroupOf(template, resource.logicalId);
    if (!groupName) {
      return this.startConfiguration(tx, stack, resource, created, null);
    }
    await this.writer.setResourceStatus(
      tx,
      stack,
      resource,
      ResourceStatus.CreateInProgress,
      `Resource created; waiting for the other members of group ${groupName}`,
      { ...created, phase: 'AWAITING_GROUP' },
    );
    const memberIds = (await this.repository.resourceIds(tx, stack))
      .filter((id) => configurationGroupOf(template, id) === groupName)
      .sort();
    const members = await this.repository.resourcesNamed(tx, stack.id, memberIds);
    if (
      !members.every((member) => member.status === ResourceStatus.CreateInProgress && member.phase === 'AWAITING_GROUP')
    )
      return;
    const byId = new Map(members.map((member) => [member.logicalId, member]));
    const group = configurationGroup(groupName, members);
    for (const logicalId of memberIds) {
      const member = byId.get(logicalId)!;
      await this.startConfiguration(
        tx,
        stack,
        member,
        { physicalId: member.physicalId!, attributes: member.attributes ?? {} },
        group,
      );
    }
  }

  private async startConfiguration(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    created: { physicalId: string; attributes: Record<string, unknown> },
    group: ConfigurationGroup | null,
  ): Promise<void> {
    const operationId = newId();
    await this.writer.setResourceStatus(
      tx,
      stack,
      resource,
      ResourceStatus.CreateInProgress,
      'Resource created; configuring it over SSH',
      { ...created, operationId, phase: 'CONFIGURING' },
    );
    const all = await this.repository.resourcesOf(tx, stack.id);
    await tx.publish(
      ResourceConfigureRequested,
      configurationRequest(stack, resource, all, operationId, group),
      stack.id,
    );
  }
}

const CREATING: ExpectedState = { status: ResourceStatus.CreateInProgress, phase: null };
/** A create the stack's timeout cancelled while a provisioner was still making it. */
const CANCELLED: ExpectedState = { status: ResourceStatus.CreateFailed, phase: 'CANCELLED' };
const DELETING: ExpectedState = { status: ResourceStatus.DeleteInProgress, phase: null };
/** A stack update's replacement object being made (ADR 0019). */
const REPLACING: ExpectedState = { status: ResourceStatus.UpdateInProgress, phase: null };
/** The retired object of an updated resource being deleted in the update's clean-up. */
const CLEANING: ExpectedState = { status: ResourceStatus.UpdateComplete, phase: 'CLEANUP' };
