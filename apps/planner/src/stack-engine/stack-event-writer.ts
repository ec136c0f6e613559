import { Transaction } from '@cfn/messaging';
import { Stack, StackEvent, StackResource } from '@cfn/persistence';
import { NESTED_STACK_TYPE } from '@cfn/resources';
import { newId } from '@cfn/runtime';
import { maskSecrets, noEchoValues } from '@cfn/template';

import { StackWriteBuffer } from './stack-write-buffer';

/**
 * Appends DescribeStackEvents lines for the stack itself and for its resources. The values of NoEcho parameters,
 * wherever they ended up in a resource's properties or in a failure reason, are shown as `****`. The lines are
 * written when the transaction commits (StackWriteBuffer), in the order they were appended.
 */
export class StackEventWriter {
  /** `sink` takes each line in order; by default the transaction's write buffer (the StackStatusWriter's: its repository). */
  constructor(
    private readonly sink: (tx: Transaction, event: Omit<StackEvent, 'seq'>) => void = StackWriteBuffer.addEvent,
  ) {}

  forStack(tx: Transaction, stack: Stack, status: string, reason: string | null, at: Date): void {
    this.append(tx, {
      eventId: newId(),
      stackId: stack.id,
      stackName: stack.name,
      logicalId: stack.name,
      physicalId: stack.arn,
      resourceType: NESTED_STACK_TYPE,
      status,
      statusReason: reason === null ? null : maskSecrets(reason, secretsOf(stack)),
      resourceProperties: null,
      timestamp: at,
      clientRequestToken: stack.clientRequestToken ?? null,
    });
  }

  forResource(tx: Transaction, stack: Stack, resource: StackResource, at: Date): void {
    this.append(tx, {
      eventId: newId(),
      stackId: stack.id,
      stackName: stack.name,
      logicalId: resource.logicalId,
      physicalId: resource.physicalId ?? '',
      resourceType: resource.resourceType,
      status: resource.status!,
      statusReason: resource.statusReason === null ? null : maskSecrets(resource.statusReason, secretsOf(stack)),
      resourceProperties: resource.properties
        ? JSON.stringify(maskSecrets(resource.properties, secretsOf(stack)))
        : null,
      timestamp: at,
      clientRequestToken: stack.clientRequestToken ?? null,
    });
  }

  /**
   * A line about a resource in its current status, without changing it: what its type decided that the template
   * did not say (the outcome's `note`), e.g. the service offering an AWS instance type became.
   */
  note(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    physicalId: string,
    note: string,
    at = new Date(),
  ): void {
    this.append(tx, {
      eventId: newId(),
      stackId: stack.id,
      stackName: stack.name,
      logicalId: resource.logicalId,
      physicalId,
      resourceType: resource.resourceType,
      status: resource.status!,
      statusReason: maskSecrets(note, secretsOf(stack)),
      resourceProperties: null,
      timestamp: at,
      clientRequestToken: stack.clientRequestToken ?? null,
    });
  }

  /** Any other line (a task's result, a signal received); the caller masks what needs masking. */
  append(
    tx: Transaction,
    event: Omit<StackEvent, 'seq' | 'clientRequestToken'> & { clientRequestToken?: string | null },
  ): void {
    this.sink(tx, { ...event, clientRequestToken: event.clientRequestToken ?? null });
  }
}

function secretsOf(stack: Stack): string[] {
  return noEchoValues(stack.parameters ?? {}, stack.noEchoParameters ?? []);
}
