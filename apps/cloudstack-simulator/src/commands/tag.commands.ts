import { Injectable } from '@nestjs/common';

import { AccessControl } from '../api/access-control';
import { ApiError } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { listResponse } from '../api/list-response';
import { AsyncJobService } from '../jobs/async-job.service';
import { TaggableResourceType, TagRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { TagView } from '../views/tag.view';

const TAG_CMD = 'org.apache.cloudstack.api.command.user.tag';

type Taggable = { id: string; accountid?: string };

/** Resource tags (TaggedResourceManagerImpl): createTags and deleteTags are asynchronous. */
@Injectable()
export class TagCommands implements CommandFamily {
  readonly handlers = {
    createTags: (p: CommandParameters) => this.create(p),
    deleteTags: (p: CommandParameters) => this.delete(p),
    listTags: (p: CommandParameters) => this.list(p),
  };

  readonly asyncCommands = ['createTags', 'deleteTags'];

  private readonly finders: Record<TaggableResourceType, (id: string) => Taggable | undefined> = {
    UserVm: (id) => this.state.findLiveVirtualMachine(id),
    Volume: (id) => this.live(this.state.volumes.get(id)),
    SecurityGroup: (id) => this.state.securityGroups.get(id),
    PublicIpAddress: (id) => this.live(this.state.publicIps.get(id)),
    PortForwardingRule: (id) => this.rule(id, 'PortForwarding'),
    FirewallRule: (id) => this.rule(id, 'Firewall'),
    LoadBalancer: (id) => this.rule(id, 'LoadBalancing'),
    AffinityGroup: (id) => this.state.affinityGroups.get(id),
    Snapshot: (id) => this.live(this.state.snapshots.get(id)),
    Network: (id) => this.state.networks.get(id),
  };

  constructor(
    private readonly state: SimulatorState,
    private readonly jobs: AsyncJobService,
    private readonly access: AccessControl,
    private readonly view: TagView,
  ) {}

  private live<T extends { removed?: Date }>(record: T | undefined): T | undefined {
    return record && !record.removed ? record : undefined;
  }

  private rule(id: string, purpose: string) {
    const rule = this.state.networkRules.get(id);
    return rule?.purpose === purpose ? rule : undefined;
  }

  private resourceType(p: CommandParameters, required: boolean): TaggableResourceType | undefined {
    const name = required ? p.required('resourcetype') : p.optional('resourcetype');
    if (name === undefined) return undefined;
    const type = (Object.keys(this.finders) as TaggableResourceType[]).find(
      (t) => t.toLowerCase() === name.toLowerCase(),
    );
    if (!type) throw ApiError.invalidParameter(`Invalid resource type ${name}`);
    return type;
  }

  private resources(p: CommandParameters, type: TaggableResourceType): Taggable[] {
    const ids = p.list('resourceids');
    if (!ids?.length) throw ApiError.missingParameter(p.command, 'resourceids');
    return ids.map((id) => {
      const resource = this.finders[type](id);
      if (!resource) throw ApiError.invalidParameter(`Unable to find resource by id ${id} and type ${type}`);
      this.access.check(p.caller, resource, `${type} ${id}`);
      return resource;
    });
  }

  private create(p: CommandParameters) {
    const type = this.resourceType(p, true)!;
    const resources = this.resources(p, type);
    const pairs = p.map('tags');
    if (pairs.length === 0) throw ApiError.missingParameter(p.command, 'tags');
    for (const pair of pairs) {
      if (!pair.key) throw ApiError.invalidParameter('Tag key can not be empty');
      for (const resource of resources) {
        if (this.state.tagsOf(resource.id).some((tag) => tag.key === pair.key)) {
          throw ApiError.invalidParameter(
            `Unable to create tags: a tag with key ${pair.key} already exists on ${type} ${resource.id}`,
          );
        }
      }
    }
    const customer = p.optional('customer');
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${TAG_CMD}.CreateTagsCmd`,
      account: p.caller,
      run: async () => {
        for (const resource of resources) {
          for (const pair of pairs) {
            if (this.state.tagsOf(resource.id).some((tag) => tag.key === pair.key)) continue;
            const owner = this.access.ownerOf(resource);
            this.state.tags.push({
              key: pair.key,
              value: pair.value ?? '',
              resourcetype: type,
              resourceid: resource.id,
              accountid: owner.id,
              customer,
            });
          }
        }
        return { success: true };
      },
    });
    return { jobid: job.jobid };
  }

  /** Without `tags`, every tag of the resources; a pair without a value removes the key whatever its value. */
  private delete(p: CommandParameters) {
    const type = this.resourceType(p, true)!;
    const ids = this.resources(p, type).map((r) => r.id);
    const pairs = p.map('tags');
    const doomed = (tag: TagRecord) =>
      ids.includes(tag.resourceid) &&
      (pairs.length === 0 ||
        pairs.some((pair) => pair.key === tag.key && (pair.value === undefined || pair.value === tag.value)));
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${TAG_CMD}.DeleteTagsCmd`,
      account: p.caller,
      run: async () => {
        this.state.tags = this.state.tags.filter((tag) => !doomed(tag));
        return { success: true };
      },
    });
    return { jobid: job.jobid };
  }

  private list(p: CommandParameters) {
    const type = this.resourceType(p, false);
    const resourceid = p.optional('resourceid');
    const key = p.optional('key');
    const value = p.optional('value');
    const customer = p.optional('customer');
    const tags = this.state.tags
      .filter(this.access.listFilter(p))
      .filter((t) => (!type || t.resourcetype === type) && (!resourceid || t.resourceid === resourceid))
      .filter((t) => (!key || t.key === key) && (!value || t.value === value) && (!customer || t.customer === customer))
      .map((t) => this.view.toResponse(t));
    return listResponse('tag', tags, p);
  }
}
