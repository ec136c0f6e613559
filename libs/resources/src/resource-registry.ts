import { CloudStackVirtualMachinePlugin } from './cloudstack-vm/cloudstack-virtual-machine.plugin';
import { Ec2InstancePlugin } from './ec2-instance/ec2-instance.plugin';
import { ResourceTypePlugin } from './resource-type-plugin';
import { WaitConditionHandlePlugin } from './wait-condition-handle/wait-condition-handle.plugin';

/** Every resource type the service can provision. The validator's catalogue and the provisioner both read it. */
export class ResourceRegistry {
  private readonly plugins = new Map<string, ResourceTypePlugin>();

  constructor(plugins: ResourceTypePlugin[]) {
    for (const plugin of plugins) this.plugins.set(plugin.type, plugin);
  }

  static default(): ResourceRegistry {
    return new ResourceRegistry([new Ec2InstancePlugin(), new CloudStackVirtualMachinePlugin(), new WaitConditionHandlePlugin()]);
  }

  get(type: string): ResourceTypePlugin | undefined {
    return this.plugins.get(type);
  }

  has(type: string): boolean {
    return this.plugins.has(type);
  }

  attributes(type: string): string[] | undefined {
    const plugin = this.plugins.get(type);
    return plugin ? [...plugin.attributes] : undefined;
  }

  types(): string[] {
    return [...this.plugins.keys()];
  }
}
