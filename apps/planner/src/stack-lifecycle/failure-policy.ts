import { Stack } from '@cfn/persistence';
import { TemplateDocument } from '@cfn/template';

/**
 * What AWS appends to the reason of a failed create: the stack rolls back (OnFailure ROLLBACK), or rolls back
 * and is then deleted (OnFailure DELETE).
 */
export function failureFollowUp(stack: Pick<Stack, 'onFailure'>): string {
  return stack.onFailure === 'DELETE' ? 'Delete requested by user.' : 'Rollback requested by user.';
}

/** The stack reason when TimeoutInMinutes passed before the create finished (without the follow-up). */
export const CREATE_TIMED_OUT = 'Stack creation time exceeded the specified timeout. ';

/** The reason given to resources still being made when the create was cut short. */
export const CREATION_CANCELLED = 'Resource creation cancelled';

/** How a teardown treats one resource: delete it, keep it in the cloud, or snapshot it and then delete it. */
export type TeardownAction = 'delete' | 'retain' | 'snapshot';

/**
 * The resource's DeletionPolicy applied to this teardown. Retain keeps the object on a delete and on the rollback
 * of a failed create alike, as AWS does; RetainExceptOnCreate keeps it only when the stack is deleted; a logical
 * id listed in DeleteStack's RetainResources is kept whatever its policy.
 */
export function teardownActionFor(
  template: TemplateDocument,
  logicalId: string,
  context: { rollingBackCreate: boolean; retainResources: readonly string[] },
): TeardownAction {
  if (context.retainResources.includes(logicalId)) return 'retain';
  switch (template.Resources[logicalId]?.DeletionPolicy) {
    case 'Retain':
      return 'retain';
    case 'RetainExceptOnCreate':
      return context.rollingBackCreate ? 'delete' : 'retain';
    case 'Snapshot':
      return 'snapshot';
    default:
      return 'delete';
  }
}
