import { Stack, StackEvent, StackResource } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { maskSecrets, noEchoValues } from '@cfn/template';
import { EntityManager } from 'typeorm';

/**
 * Appends DescribeStackEvents lines for the stack itself and for its resources. The values of NoEcho parameters,
 * wherever they ended up in a resource's properties or in a failure reason, are shown as `****`.
 */
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
      statusReason: reason === null ? null : maskSecrets(reason, secretsOf(stack)),
      resourceProperties: null,
      timestamp: at,
      clientRequestToken: stack.clientRequestToken ?? null,
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
      statusReason: resource.statusReason === null ? null : maskSecrets(resource.statusReason, secretsOf(stack)),
      resourceProperties: resource.properties ? JSON.stringify(maskSecrets(resource.properties, secretsOf(stack))) : null,
      timestamp: at,
      clientRequestToken: stack.clientRequestToken ?? null,
    });
  }
}

function secretsOf(stack: Stack): string[] {
  return noEchoValues(stack.parameters ?? {}, stack.noEchoParameters ?? []);
}
