import { ProvisionedResource, ResourceOperationContext, ResourceTypePlugin } from '../resource-type-plugin';
import { ignoringGone, stackObjectName, tagWithStack } from '../stack-tagging/stack-tags';

interface AffinityGroup {
  id: string;
  name: string;
  type: string;
  virtualmachineIds?: string[];
}

/**
 * CloudStack::AffinityGroup: createAffinityGroup's parameters (Name, Type, Description). The type defaults to
 * host anti-affinity, what a set of masters wants. Without Name the group is named after the stack and logical id,
 * which is how a retry finds it (listAffinityGroups cannot filter by tag).
 */
export class CloudStackAffinityGroupPlugin implements ResourceTypePlugin {
  readonly type = 'CloudStack::AffinityGroup';
  readonly attributes = ['Id', 'Name', 'Type'] as const;
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      Name: { type: 'string', minLength: 1, maxLength: 255 },
      Type: { type: 'string', enum: ['host anti-affinity', 'host affinity'] },
      Description: { type: 'string' },
    },
  };

  async findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    const group = await this.find(ctx, this.name(ctx, properties));
    if (!group) return null;
    await tagWithStack(ctx, 'AffinityGroup', group);
    return describe(group);
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const name = this.name(ctx, properties);
    const started = await ctx.cloud.request<{ id: string; jobid: string }>('createAffinityGroup', {
      name,
      type: (properties.Type as string | undefined) ?? 'host anti-affinity',
      description: (properties.Description as string | undefined) ?? `${ctx.stackName}/${ctx.logicalId}`,
    });
    await ctx.recordProgress({ physicalId: started.id, jobId: started.jobid });
    const { affinitygroup } = await ctx.cloud.waitForJob<{ affinitygroup: AffinityGroup }>(started.jobid);
    await tagWithStack(ctx, 'AffinityGroup', affinitygroup);
    return describe(affinitygroup);
  }

  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    await ignoringGone(() => ctx.cloud.executeAsync('deleteAffinityGroup', { id: physicalId }));
  }

  private name(ctx: ResourceOperationContext, properties: Record<string, unknown>): string {
    return (properties.Name as string | undefined) ?? stackObjectName(ctx);
  }

  private async find(ctx: ResourceOperationContext, name: string): Promise<AffinityGroup | undefined> {
    return ctx.cloud.findOne<AffinityGroup>(
      'listAffinityGroups',
      { name },
      'affinitygroup',
      (group) => group.name === name,
    );
  }
}

function describe(group: AffinityGroup): ProvisionedResource {
  return { physicalId: group.id, attributes: { Id: group.id, Name: group.name, Type: group.type } };
}
