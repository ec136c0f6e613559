import {
  CloudStackVirtualMachine,
  VirtualMachineDeployer,
  VirtualMachineFailedError,
  VirtualMachineSpec,
} from '../cloudstack-vm/virtual-machine-deployer';
import { ResourceOperationContext, ResourcePropertyError } from '../resource-type-plugin';
import { GROUP_NAME_TAG, MemberNaming } from './group-names';

/** One member VM of a group, as the planner hands it on for configuration (`attributes.Members`). */
export interface GroupMember {
  index: number;
  id: string;
  name: string;
  privateIp: string;
  availabilityZone: string;
}

/** What a group's members are made from and where they go. */
export interface MemberTemplate {
  groupName: string;
  spec: VirtualMachineSpec;
  /** Zones by id or name, members spread over them in turn; empty: the default zone. */
  zones: string[];
  /** The group's Tags with PropagateAtLaunch. */
  tags: Record<string, string>;
}

const GONE_STATES = new Set(['Destroyed', 'Expunging']);

/**
 * Brings a group to a number of members: the members are VMs named `<stem>-<index>`; the lowest free indexes are
 * added and the highest removed (our termination policy: newest first). Everything is found by name, so running
 * it again after a crash finishes the earlier attempt's work instead of repeating it.
 */
export class GroupMembers {
  private readonly deployer = new VirtualMachineDeployer();

  constructor(private readonly ctx: ResourceOperationContext) {}

  private get naming(): MemberNaming {
    return new MemberNaming(this.ctx);
  }

  /** The group's VMs (not destroyed), by index. */
  async list(): Promise<Map<number, CloudStackVirtualMachine>> {
    const naming = this.naming;
    const vms = await this.ctx.cloud.listAll<CloudStackVirtualMachine>(
      'listVirtualMachines',
      { keyword: naming.stem, listall: true },
      'virtualmachine',
    );
    const members = new Map<number, CloudStackVirtualMachine>();
    for (const vm of vms) {
      const index = naming.indexOf(vm.name);
      if (index !== null && !GONE_STATES.has(vm.state)) members.set(index, vm);
    }
    return members;
  }

  async converge(desired: number, template: MemberTemplate): Promise<GroupMember[]> {
    const existing = await this.list();
    const surplus = [...existing.keys()].filter((index) => index >= desired);
    await this.settleAll(surplus.map((index) => () => this.deployer.delete(this.ctx.cloud, existing.get(index)!.id)));
    const wanted = Array.from({ length: desired }, (_, index) => index);
    const made = await this.settleAll(
      wanted.map((index) => () => this.ensureMember(index, existing.has(index), template)),
    );
    return made.map((resource, index) => ({
      index,
      id: resource.physicalId,
      name: String(resource.attributes.Name),
      privateIp: String(resource.attributes.PrivateIp),
      availabilityZone: String(resource.attributes.AvailabilityZone),
    }));
  }

  async removeAll(): Promise<void> {
    const members = await this.list();
    await this.settleAll([...members.values()].map((vm) => () => this.deployer.delete(this.ctx.cloud, vm.id)));
  }

  private async ensureMember(index: number, exists: boolean, template: MemberTemplate) {
    // Member VMs report progress through the group, whose physical id is its name: theirs are not recorded.
    const memberCtx: ResourceOperationContext = { ...this.ctx, recordProgress: async () => undefined };
    const spec: VirtualMachineSpec = {
      ...template.spec,
      name: this.naming.name(index),
      displayName: template.tags.Name ?? this.naming.name(index),
      zone: template.zones.length > 0 ? template.zones[index % template.zones.length] : undefined,
      tags: { ...template.tags, [GROUP_NAME_TAG]: template.groupName },
    };
    const found = exists ? await this.deployer.findExisting(memberCtx, spec) : null;
    return found ?? this.deployer.create(memberCtx, spec);
  }

  /**
   * Runs every step at once and waits for all of them, so no member is left half-made when another fails. A member
   * that failed to start fails the group (its VM is removed with the group); other errors (throttling, network)
   * are rethrown as they are, for the provisioner to retry.
   */
  private async settleAll<T>(steps: Array<() => Promise<T>>): Promise<T[]> {
    const results = await Promise.allSettled(steps.map((step) => step()));
    const failures = results
      .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
      .map((r) => r.reason);
    const memberFailure = failures.find((error) => error instanceof ResourcePropertyError);
    if (memberFailure) {
      const reason = (memberFailure as Error).message;
      throw new ResourcePropertyError(
        memberFailure instanceof VirtualMachineFailedError ? `Launching a new instance failed: ${reason}` : reason,
      );
    }
    if (failures.length > 0) throw failures[0];
    return results.map((result) => (result as PromiseFulfilledResult<T>).value);
  }
}
