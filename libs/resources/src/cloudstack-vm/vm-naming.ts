/**
 * The CloudStack name of a stack's VM: deterministic, so a retried create finds the VM an earlier attempt made,
 * and a valid hostname (letters, digits, hyphens; at most 63 characters; not starting with a digit).
 * The stack id's first 8 hex digits keep two stacks with the same name (one deleted) apart; a replacement made by
 * the stack's n-th update carries `u<n>` so that it does not collide with the object it replaces.
 */
export function vmNameFor(stackName: string, logicalId: string, stackId: string, generation?: number): string {
  const clean = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '');
  const suffix = stackId.replace(/-/g, '').slice(0, 8) + (generation ? `-u${generation}` : '');
  const budget = 63 - suffix.length - 2;
  let stem = `${clean(stackName)}-${clean(logicalId)}`.replace(/^-|-$/g, '');
  if (stem.length > budget) stem = stem.slice(0, budget).replace(/-$/, '');
  if (!/^[a-z]/.test(stem)) stem = `vm-${stem}`.slice(0, budget);
  return `${stem}-${suffix}`;
}
