import { WaitConditionSignaledV1 } from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { hasResourceSignalPolicy } from '@cfn/resources';
import { newId } from '@cfn/runtime';
import { TemplateDocument } from '@cfn/template';

import { StackEventWriter } from '../stack-engine/stack-event-writer';
import { ResourceStatus } from '../stack-engine/statuses';

/**
 * A signal for an instance or group being created is a stack event of that resource, as AWS shows it:
 * "Received SUCCESS signal with UniqueId i-0abc...".
 */
export class ResourceSignalEvents {
  private readonly events = new StackEventWriter();

  async record(tx: Transaction, stack: Stack, signal: WaitConditionSignaledV1): Promise<void> {
    const resource = await tx.manager.findOneBy(StackResource, {
      stackId: stack.id,
      logicalId: signal.handleLogicalId,
    });
    if (
      !resource ||
      !hasResourceSignalPolicy((stack.template as TemplateDocument).Resources, resource.logicalId) ||
      resource.status !== ResourceStatus.CreateInProgress
    )
      return;
    this.events.append(tx, {
      eventId: newId(),
      stackId: stack.id,
      stackName: stack.name,
      logicalId: resource.logicalId,
      physicalId: resource.physicalId ?? '',
      resourceType: resource.resourceType,
      status: ResourceStatus.CreateInProgress,
      statusReason: `Received ${signal.status} signal with UniqueId ${signal.uniqueId}`,
      resourceProperties: null,
      timestamp: new Date(signal.receivedAt),
    });
  }
}
