import { CloudStackAffinityGroupPlugin } from './affinity-group/cloudstack-affinity-group.plugin';
import { AutoScalingGroupPlugin } from './auto-scaling/auto-scaling-group.plugin';
import { LaunchConfigurationPlugin } from './auto-scaling/launch-configuration.plugin';
import { CloudStackVirtualMachinePlugin } from './cloudstack-vm/cloudstack-virtual-machine.plugin';
import { Ec2InstancePlugin } from './ec2-instance/ec2-instance.plugin';
import { CloudStackSshKeyPairPlugin, Ec2KeyPairPlugin } from './key-pair/key-pair-plugins';
import { NestedStackPlugin } from './nested-stack/nested-stack.plugin';
import { CloudStackNetworkPlugin } from './network/cloudstack-network.plugin';
import { CloudStackFirewallRulePlugin } from './network-rules/cloudstack-firewall-rule.plugin';
import { CloudStackLoadBalancerRulePlugin } from './network-rules/cloudstack-load-balancer-rule.plugin';
import { CloudStackPortForwardingRulePlugin } from './network-rules/cloudstack-port-forwarding-rule.plugin';
import { CloudStackPublicIpAddressPlugin } from './public-ip/cloudstack-public-ip-address.plugin';
import { Ec2EipPlugin } from './public-ip/ec2-eip.plugin';
import { CloudStackStaticNatPlugin, Ec2EipAssociationPlugin } from './public-ip/ec2-eip-association.plugin';
import { ResourceTypePlugin } from './resource-type-plugin';
import { CloudStackSecurityGroupPlugin } from './security-group/cloudstack-security-group.plugin';
import { Ec2SecurityGroupPlugin } from './security-group/ec2-security-group.plugin';
import {
  CloudStackSecurityGroupRulePlugin,
  Ec2SecurityGroupEgressPlugin,
  Ec2SecurityGroupIngressPlugin,
} from './security-group/security-group-rule-plugins';
import {
  CloudStackVolumeAttachmentPlugin,
  CloudStackVolumePlugin,
  Ec2VolumeAttachmentPlugin,
  Ec2VolumePlugin,
} from './volume/volume-plugins';
import { WaitConditionPlugin } from './wait-condition/wait-condition.plugin';
import { WaitConditionHandlePlugin } from './wait-condition-handle/wait-condition-handle.plugin';

/** Every resource type the service can provision. The validator's catalogue and the provisioner both read it. */
export class ResourceRegistry {
  private readonly plugins = new Map<string, ResourceTypePlugin>();

  constructor(plugins: ResourceTypePlugin[]) {
    for (const plugin of plugins) this.plugins.set(plugin.type, plugin);
  }

  static default(): ResourceRegistry {
    return new ResourceRegistry([
      new Ec2InstancePlugin(),
      new CloudStackVirtualMachinePlugin(),
      new WaitConditionHandlePlugin(),
      new WaitConditionPlugin(),
      new Ec2SecurityGroupPlugin(),
      new Ec2SecurityGroupIngressPlugin(),
      new Ec2SecurityGroupEgressPlugin(),
      new Ec2EipPlugin(),
      new Ec2EipAssociationPlugin(),
      new Ec2VolumePlugin(),
      new Ec2VolumeAttachmentPlugin(),
      new Ec2KeyPairPlugin(),
      new CloudStackAffinityGroupPlugin(),
      new CloudStackSecurityGroupPlugin(),
      new CloudStackSecurityGroupRulePlugin(),
      new CloudStackVolumePlugin(),
      new CloudStackVolumeAttachmentPlugin(),
      new CloudStackPublicIpAddressPlugin(),
      new CloudStackStaticNatPlugin(),
      new CloudStackSshKeyPairPlugin(),
      new NestedStackPlugin(),
      new LaunchConfigurationPlugin(),
      new AutoScalingGroupPlugin(),
      new CloudStackPortForwardingRulePlugin(),
      new CloudStackFirewallRulePlugin(),
      new CloudStackLoadBalancerRulePlugin(),
      new CloudStackNetworkPlugin(),
    ]);
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
