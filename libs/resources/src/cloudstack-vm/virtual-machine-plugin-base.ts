import {
  PropertyUpdateBehaviour,
  ProvisionedResource,
  ResourceOperationContext,
  ResourceTypePlugin,
} from '../resource-type-plugin';
import { VirtualMachineDeployer, VirtualMachineSpec } from './virtual-machine-deployer';
import { VirtualMachineUpdater } from './virtual-machine-updater';

/** The VM types differ only in how their properties read; this maps them to one deployer. */
export abstract class VirtualMachinePluginBase implements ResourceTypePlugin {
  abstract readonly type: string;
  abstract readonly attributes: readonly string[];
  abstract readonly propertiesSchema: Record<string, unknown>;
  abstract readonly updateBehaviour: Readonly<Record<string, PropertyUpdateBehaviour>>;
  protected readonly deployer = new VirtualMachineDeployer();
  private readonly updater = new VirtualMachineUpdater(this.deployer);

  protected abstract spec(properties: Record<string, unknown>): VirtualMachineSpec;

  findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    return this.deployer.findExisting(ctx, this.spec(properties));
  }

  create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    return this.deployer.create(ctx, this.spec(properties));
  }

  update(
    ctx: ResourceOperationContext,
    physicalId: string,
    previous: Record<string, unknown>,
    next: Record<string, unknown>,
  ): Promise<ProvisionedResource> {
    return this.updater.update(ctx, physicalId, this.spec(previous), this.spec(next));
  }

  delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    return this.deployer.delete(ctx.cloud, physicalId);
  }
}
