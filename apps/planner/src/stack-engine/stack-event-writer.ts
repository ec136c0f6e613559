import { Stack, StackEvent, StackResource } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { EntityManager } from 'typeorm';

/** Appends DescribeStackEvents lines for the stack itself and for its resources. */
export class StackEventWriter {
  async forStack(manager: EntityManager, stack: Stack, status: string, reason: string | null, at: Date): Promise<void> {
    await manager.insert(StackEvent, {
      eventId: newId(),
      stackId: stack.id,
      stackName: stack.name,
      logicalId: stack.name,
      physicalId: stack.arn,
      resourceType: 'AWS::CloudFormation::Stack',
      status,
      statusReason: reason,
      resourceProperties: null,
      timestamp: at,
    });
  }

  async forResource(manager: EntityManager, stack: Stack, resource: StackResource, at: Date): Promise<void> {
    await manager.insert(StackEvent, {
      eventId: newId(),
      stackId: stack.id,
      stackName: stack.name,
      logicalId: resource.logicalId,
      physicalId: resource.physicalId ?? '',
      resourceType: resource.resourceType,
      status: resource.status!,
      statusReason: resource.statusReason,
      resourceProperties: resource.properties ? JSON.stringify(resource.properties) : null,
      timestamp: at,
    });
  }
}
