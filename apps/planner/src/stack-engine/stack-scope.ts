import { CloudStackOwner, ownerField } from '@cfn/contracts';
import { Stack } from '@cfn/persistence';

/**
 * What every resource request carries about its stack besides its identity: the stack's Tags (the tags in effect:
 * the update's, or the previous ones during a rollback), so every object it makes or changes is tagged alike, and
 * the CloudStack owner whose keys the provisioner acts with.
 */
export function stackScopeOf(stack: Stack): {
  stackTags?: Array<{ key: string; value: string }>;
  owner?: CloudStackOwner;
} {
  return {
    ...(stack.tags?.length ? { stackTags: stack.tags } : {}),
    ...ownerField(stack.owner),
  };
}
