import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AccessControl } from '../api/access-control';
import { ApiError } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { keywordFilter } from '../api/list-filters';
import { listResponse } from '../api/list-response';
import { AsyncJobService } from '../jobs/async-job.service';
import { AffinityGroupRecord, AffinityGroupType } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { AffinityGroupView } from '../views/affinity-group.view';

const AFFINITY_CMD = 'org.apache.cloudstack.api.command.user.affinitygroup';
const TYPES: AffinityGroupType[] = ['host anti-affinity', 'host affinity'];

/** Affinity groups; the HostPlanner honours them when placing VMs. */
@Injectable()
export class AffinityGroupCommands implements CommandFamily {
  readonly handlers = {
    createAffinityGroup: (p: CommandParameters) => this.create(p),
    deleteAffinityGroup: (p: CommandParameters) => this.delete(p),
    listAffinityGroups: (p: CommandParameters) => this.list(p),
    listAffinityGroupTypes: (p: CommandParameters) =>
      listResponse(
        'affinityGroupType',
        TYPES.map((type) => ({ type })),
        p,
      ),
  };

  readonly asyncCommands = ['createAffinityGroup', 'deleteAffinityGroup'];

  constructor(
    private readonly state: SimulatorState,
    private readonly jobs: AsyncJobService,
    private readonly access: AccessControl,
    private readonly view: AffinityGroupView,
  ) {}

  private create(p: CommandParameters) {
    const owner = this.access.actingAccount(p);
    const name = p.required('name');
    const type = p.required('type') as AffinityGroupType;
    if (!TYPES.includes(type))
      throw ApiError.invalidParameter(`Unable to create affinity group, invalid affinity group type${type}`);
    if ([...this.state.affinityGroups.values()].some((g) => g.accountid === owner.id && g.name === name)) {
      throw ApiError.invalidParameter(`Unable to create affinity group, a group with name ${name} already exists.`);
    }
    const group: AffinityGroupRecord = {
      id: randomUUID(),
      accountid: owner.id,
      created: new Date(),
      name,
      type,
      description: p.optional('description'),
    };
    this.state.affinityGroups.set(group.id, group);
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${AFFINITY_CMD}.CreateAffinityGroupCmd`,
      account: p.caller,
      instanceType: 'AffinityGroup',
      instanceId: group.id,
      run: async () => ({ affinitygroup: this.view.toResponse(group) }),
    });
    return { id: group.id, jobid: job.jobid };
  }

  private delete(p: CommandParameters) {
    const group = this.find(p);
    const members = this.state.liveVirtualMachines().filter((vm) => vm.affinitygroupids?.includes(group.id));
    if (members.length > 0) {
      throw ApiError.resourceInUse(
        `Cannot delete affinity group ${group.name}: it is in use by ${members.length} VM(s)`,
      );
    }
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${AFFINITY_CMD}.DeleteAffinityGroupCmd`,
      account: p.caller,
      instanceType: 'AffinityGroup',
      instanceId: group.id,
      run: async () => {
        this.state.affinityGroups.delete(group.id);
        this.state.tags = this.state.tags.filter((tag) => tag.resourceid !== group.id);
        return { success: true };
      },
    });
    return { jobid: job.jobid };
  }

  /** By `id`, or by `name` within the acting account. */
  private find(p: CommandParameters): AffinityGroupRecord {
    const id = p.optional('id');
    const name = p.optional('name');
    if (id && name) throw ApiError.invalidParameter('Either id or name can be specified, not both');
    if (id) return this.access.owned(p, 'id', (value) => this.state.affinityGroups.get(value), 'AffinityGroup');
    if (!name) throw ApiError.invalidParameter('Either the affinity group id or name is required');
    const owner = this.access.actingAccount(p);
    const group = [...this.state.affinityGroups.values()].find((g) => g.accountid === owner.id && g.name === name);
    if (!group) throw ApiError.invalidParameter(`Unable to find affinity group by name ${name}`);
    return group;
  }

  private list(p: CommandParameters) {
    const id = p.optional('id');
    const name = p.optional('name');
    const type = p.optional('type');
    const vmId = p.optional('virtualmachineid');
    const vmGroups = vmId ? (this.state.findLiveVirtualMachine(vmId)?.affinitygroupids ?? []) : undefined;
    const keyword = keywordFilter(p);
    const groups = [...this.state.affinityGroups.values()]
      .filter(this.access.listFilter(p))
      .filter((g) => (!id || g.id === id) && (!name || g.name === name) && (!type || g.type === type))
      .filter((g) => (!vmGroups || vmGroups.includes(g.id)) && keyword(g.name))
      .map((g) => this.view.toResponse(g));
    return listResponse('affinitygroup', groups, p);
  }
}
