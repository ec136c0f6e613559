import { Injectable } from '@nestjs/common';

import { AccountRegistry } from '../state/account-registry';
import { AffinityGroupRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { ownerFields } from './owner-fields';

/** AffinityGroupResponse (`virtualmachineIds` is spelled so in CloudStack). */
@Injectable()
export class AffinityGroupView {
  constructor(
    private readonly state: SimulatorState,
    private readonly accounts: AccountRegistry,
  ) {}

  toResponse(group: AffinityGroupRecord): Record<string, unknown> {
    return {
      id: group.id,
      name: group.name,
      ...(group.description !== undefined ? { description: group.description } : {}),
      type: group.type,
      ...ownerFields(this.accounts.ownerOf(group)),
      virtualmachineIds: this.state
        .liveVirtualMachines()
        .filter((vm) => vm.affinitygroupids?.includes(group.id))
        .map((vm) => vm.id),
    };
  }
}
