import { ProvisionedResource } from '../resource-type-plugin';
import { SecurityGroupPluginBase, SecurityGroupSpec } from './security-group-plugin-base';
import { ListedSecurityGroup } from './security-group-rules';

/** CloudStack::SecurityGroup: createSecurityGroup's Name and Description; rules are CloudStack::SecurityGroupRule. */
export class CloudStackSecurityGroupPlugin extends SecurityGroupPluginBase {
  readonly type = 'CloudStack::SecurityGroup';
  readonly attributes = ['Id', 'Name'] as const;
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      Name: { type: 'string', minLength: 1, maxLength: 255 },
      Description: { type: 'string' },
    },
  };

  protected spec(properties: Record<string, unknown>): SecurityGroupSpec {
    return {
      name: properties.Name as string | undefined,
      description: properties.Description as string | undefined,
      rules: [],
    };
  }

  protected describe(group: ListedSecurityGroup): ProvisionedResource {
    return { physicalId: group.id, attributes: { Id: group.id, Name: group.name } };
  }
}
