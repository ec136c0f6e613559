import { VirtualMachineSpec } from './virtual-machine-deployer';
import { VirtualMachinePluginBase } from './virtual-machine-plugin-base';

/**
 * CloudStack::VirtualMachine: deployVirtualMachine's own parameters (ZoneId, TemplateId, ServiceOfferingId, ...),
 * each accepting an id or a name.
 */
export class CloudStackVirtualMachinePlugin extends VirtualMachinePluginBase {
  readonly type = 'CloudStack::VirtualMachine';
  readonly attributes = ['Id', 'Name', 'PrivateIp', 'PublicIp', 'AvailabilityZone'] as const;
  readonly propertiesSchema = {
    type: 'object',
    required: ['TemplateId', 'ServiceOfferingId'],
    properties: {
      TemplateId: { type: 'string', minLength: 1 },
      ServiceOfferingId: { type: 'string', minLength: 1 },
      ZoneId: { type: 'string' },
      Name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9-]{0,62}$' },
      DisplayName: { type: 'string' },
      KeyPair: { type: 'string' },
      UserData: { type: 'string' },
      SecurityGroupIds: { type: 'array', items: {} },
      AffinityGroupIds: { type: 'array', items: {} },
      NetworkIds: { type: 'array', items: {} },
      DiskOfferingId: { type: 'string' },
      Size: { type: ['integer', 'string'] },
    },
  };
  /** A new offering is applied by stop / changeServiceForVirtualMachine / start; everything else makes a new VM. */
  readonly updateBehaviour = { ServiceOfferingId: 'SomeInterruptions' } as const;

  protected spec(properties: Record<string, unknown>): VirtualMachineSpec {
    return {
      template: String(properties.TemplateId),
      serviceOffering: String(properties.ServiceOfferingId),
      zone: properties.ZoneId as string | undefined,
      keyPair: properties.KeyPair as string | undefined,
      userData: properties.UserData as string | undefined,
      displayName: properties.DisplayName as string | undefined,
      name: properties.Name as string | undefined,
      securityGroups: ((properties.SecurityGroupIds as unknown[]) ?? []).map(String),
      affinityGroups: ((properties.AffinityGroupIds as unknown[]) ?? []).map(String),
      networkIds: ((properties.NetworkIds as unknown[]) ?? []).map(String),
      dataDisk:
        properties.DiskOfferingId || properties.Size
          ? {
              diskOffering: properties.DiskOfferingId as string | undefined,
              sizeGiB: properties.Size === undefined ? undefined : Number(properties.Size),
            }
          : undefined,
    };
  }
}
