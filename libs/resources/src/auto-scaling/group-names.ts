import { vmNameFor } from '../cloudstack-vm/vm-naming';
import type { ResourceOperationContext } from '../resource-type-plugin';

type NamingContext = Pick<ResourceOperationContext, 'stackId' | 'stackName' | 'logicalId'>;

/** The tag AWS puts on every member of a group, naming the group. */
export const GROUP_NAME_TAG = 'aws:autoscaling:groupName';

/**
 * The name AWS gives a group or launch configuration the template does not name: `<stack>-<LogicalId>-<suffix>`,
 * here with the stack id's first hex digits as suffix, so a retried create arrives at the same name.
 */
export function generatedName(ctx: NamingContext, given: unknown): string {
  if (typeof given === 'string' && given !== '') return given;
  return `${ctx.stackName}-${ctx.logicalId}-${ctx.stackId.replace(/-/g, '').slice(0, 12).toUpperCase()}`;
}

/**
 * Member VMs are named `<stem>-<index>` (a valid hostname, at most 63 characters), so a retry finds the member an
 * earlier attempt deployed, and listing by the stem finds every member, tagged or not.
 */
export class MemberNaming {
  readonly stem: string;
  private readonly pattern: RegExp;

  constructor(ctx: NamingContext) {
    // Room for "-<index>" up to 4 digits within the 63 characters of a hostname.
    const base = vmNameFor(ctx.stackName, ctx.logicalId, ctx.stackId);
    const suffix = base.slice(base.lastIndexOf('-'));
    const head = base
      .slice(0, base.length - suffix.length)
      .slice(0, 63 - 5 - suffix.length)
      .replace(/-$/, '');
    this.stem = `${head}${suffix}`;
    this.pattern = new RegExp(`^${this.stem}-(\\d+)$`);
  }

  name(index: number): string {
    return `${this.stem}-${index}`;
  }

  /** The member's index, or null when the name is not one of this group's members. */
  indexOf(name: string): number | null {
    const match = this.pattern.exec(name);
    return match ? Number(match[1]) : null;
  }
}
