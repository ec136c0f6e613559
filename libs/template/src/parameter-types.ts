/**
 * The parameter types a template may declare. Plain types are checked here; the AWS-specific and CloudStack
 * types name objects of the cloud, and the validator looks those values up (see libs/resources parameter-types).
 */

const PLAIN_TYPES = ['String', 'Number', 'CommaDelimitedList', 'List<String>', 'List<Number>'] as const;

/** AWS-specific types AWS accepts; values are strings naming cloud objects (lists of them with `List<...>`). */
const AWS_SPECIFIC_TYPES = [
  'AWS::EC2::AvailabilityZone::Name',
  'AWS::EC2::Image::Id',
  'AWS::EC2::Instance::Id',
  'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName',
  'AWS::EC2::SecurityGroup::Id',
  'AWS::EC2::Subnet::Id',
  'AWS::EC2::Volume::Id',
  'AWS::EC2::VPC::Id',
  'AWS::Route53::HostedZone::Id',
] as const;

/** Types of this service: a value must name an object of the CloudStack catalogue the account can use. */
export const CLOUDSTACK_PARAMETER_TYPES = [
  'CloudStack::Zone::Name',
  'CloudStack::Template::Name',
  'CloudStack::ServiceOffering::Name',
  'CloudStack::SSHKeyPair::Name',
] as const;

const SINGLE_VALUE_TYPES = new Set<string>(['String', 'Number', ...AWS_SPECIFIC_TYPES, ...CLOUDSTACK_PARAMETER_TYPES]);
const LIST_MEMBER_TYPES = new Set<string>([
  'String',
  'Number',
  ...AWS_SPECIFIC_TYPES.filter((type) => type !== 'AWS::EC2::KeyPair::KeyName'),
  ...CLOUDSTACK_PARAMETER_TYPES,
]);

export function isListParameterType(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<');
}

/** `List<X>` -> `X`, `CommaDelimitedList` -> `String`, anything else -> itself. */
export function parameterMemberType(type: string): string {
  if (type === 'CommaDelimitedList') return 'String';
  const list = /^List<(.+)>$/.exec(type);
  return list ? list[1] : type;
}

export function isNumberParameterType(type: string): boolean {
  return parameterMemberType(type) === 'Number';
}

export function isKnownParameterType(type: string): boolean {
  if (type === 'CommaDelimitedList') return true;
  const list = /^List<(.+)>$/.exec(type);
  return list ? LIST_MEMBER_TYPES.has(list[1]) : SINGLE_VALUE_TYPES.has(type);
}

/** SSM parameter types resolve values from AWS Systems Manager, which a CloudStack cloud does not have. */
export function isSsmParameterType(type: string): boolean {
  return type.startsWith('AWS::SSM::Parameter::');
}

export const PLAIN_PARAMETER_TYPES: readonly string[] = PLAIN_TYPES;
