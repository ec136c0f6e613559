import { REF_ATTRIBUTE } from '@cfn/template';

import { ProvisionedResource } from '../resource-type-plugin';
import { SecurityGroupPluginBase, SecurityGroupSpec } from './security-group-plugin-base';
import { ListedSecurityGroup, ruleFromAws } from './security-group-rules';

/** An inline SecurityGroupIngress/SecurityGroupEgress entry; values may be intrinsic functions until create time. */
export const AWS_RULE_SCHEMA = {
  type: 'object',
  required: ['IpProtocol'],
  properties: {
    IpProtocol: {},
    FromPort: {},
    ToPort: {},
    CidrIp: {},
    CidrIpv6: {},
    DestinationCidrIp: {},
    SourceSecurityGroupId: {},
    SourceSecurityGroupName: {},
    DestinationSecurityGroupId: {},
    Description: {},
  },
};

/**
 * AWS::EC2::SecurityGroup: a CloudStack security group. GroupId is its id; Ref is its name when the template gives
 * no VpcId (AWS's Ref of a group outside a VPC, which templates pass as GroupName) and its id otherwise.
 */
export class Ec2SecurityGroupPlugin extends SecurityGroupPluginBase {
  readonly type = 'AWS::EC2::SecurityGroup';
  readonly attributes = ['GroupId', 'GroupName', 'VpcId'] as const;
  readonly propertiesSchema = {
    type: 'object',
    required: ['GroupDescription'],
    properties: {
      GroupDescription: { type: 'string', maxLength: 255 },
      GroupName: { type: 'string', minLength: 1, maxLength: 255 },
      SecurityGroupIngress: { type: 'array', items: AWS_RULE_SCHEMA },
      SecurityGroupEgress: { type: 'array', items: AWS_RULE_SCHEMA },
      VpcId: { type: 'string' },
      Tags: { type: 'array', items: { type: 'object', required: ['Key', 'Value'] } },
    },
  };

  /** As AWS: inline rules and Tags change without interruption; GroupName, GroupDescription and VpcId need a new group. */
  override readonly updateBehaviour = {
    SecurityGroupIngress: 'NoInterruption',
    SecurityGroupEgress: 'NoInterruption',
    Tags: 'NoInterruption',
  } as const;

  protected spec(properties: Record<string, unknown>): SecurityGroupSpec {
    const list = (value: unknown) => (value as Array<Record<string, unknown>> | undefined) ?? [];
    return {
      name: properties.GroupName as string | undefined,
      description: properties.GroupDescription as string | undefined,
      rules: [
        ...list(properties.SecurityGroupIngress).map((rule) => ruleFromAws('ingress', rule)),
        ...list(properties.SecurityGroupEgress).map((rule) => ruleFromAws('egress', rule)),
      ],
    };
  }

  protected describe(group: ListedSecurityGroup, properties: Record<string, unknown>): ProvisionedResource {
    const ref = properties.VpcId ? group.id : group.name;
    return {
      physicalId: group.id,
      attributes: { GroupId: group.id, GroupName: group.name, VpcId: '', [REF_ATTRIBUTE]: ref },
    };
  }
}
