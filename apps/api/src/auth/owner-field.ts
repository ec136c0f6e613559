import type { CloudStackOwner } from '@cfn/contracts';

/** The `owner` field of a stack message: present only for stacks that act as a CloudStack user. */
export function ownerField(owner: CloudStackOwner | null | undefined): { owner?: CloudStackOwner } {
  return owner ? { owner } : {};
}
