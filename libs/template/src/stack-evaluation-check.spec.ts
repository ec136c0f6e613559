import { TemplateValidationError } from './errors';
import { parseTemplate } from './parse-template';
import { checkStackEvaluation } from './stack-evaluation-check';
import type { ParameterValue } from './template-types';

const identity = {
  accountId: '123456789012',
  region: 'zone-1',
  stackId: 'arn:aws:cloudformation:zone-1:123456789012:stack/s/1',
  stackName: 's',
};

const check = (body: string, parameters: Record<string, ParameterValue> = {}, availabilityZones?: string[]) =>
  checkStackEvaluation(parseTemplate(body), { parameters, identity, availabilityZones });

const messageOf = (body: string, parameters: Record<string, ParameterValue> = {}, zones?: string[]): string => {
  try {
    check(body, parameters, zones);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a rejection');
};

// Templates and messages follow what AWS answered in LocalStack's recorded tests (engine/test_mappings,
// engine/test_conditions), with resource types of this service.
const MAPPING = `
Parameters:
  Selector: {Type: String}
  Attribute: {Type: String, Default: Suffix}
Mappings:
  TopicSuffixMap:
    A: {Suffix: suffix-a}
    B: {Suffix: suffix-b}
Resources:
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
    Metadata:
      Name: !Join ["-", [!Ref Handle, !FindInMap [TopicSuffixMap, !Ref Selector, !Ref Attribute]]]
`;

const CONDITIONAL = `
Parameters:
  Option: {Type: String, AllowedValues: [option-a, option-b]}
Conditions:
  ShouldCreate: !Equals [!Ref Option, option-a]
Resources:
  Topic: {Type: AWS::CloudFormation::WaitConditionHandle, Condition: ShouldCreate}
  User:
    Type: AWS::CloudFormation::WaitConditionHandle
    Metadata: {Value: !Ref Topic}
`;

describe('checkStackEvaluation', () => {
  it('evaluates Fn::FindInMap with the parameter values, around values only known later', () => {
    expect(() => check(MAPPING, { Selector: 'A', Attribute: 'Suffix' })).not.toThrow();
    expect(messageOf(MAPPING, { Selector: 'C', Attribute: 'Suffix' })).toBe(
      'Template error: Unable to get mapping for TopicSuffixMap::C::Suffix',
    );
    expect(messageOf(MAPPING, { Selector: 'A', Attribute: 'NotValid' })).toBe(
      'Template error: Unable to get mapping for TopicSuffixMap::A::NotValid',
    );
  });

  it('rejects a Ref to a resource its Condition leaves out, in Resources and in Outputs', () => {
    expect(() => check(CONDITIONAL, { Option: 'option-a' })).not.toThrow();
    expect(messageOf(CONDITIONAL, { Option: 'option-b' })).toBe(
      'Template format error: Unresolved resource dependencies [Topic] in the Resources block of the template',
    );
    const getAtt = CONDITIONAL.replace('{Value: !Ref Topic}', '{Value: !Sub "${Topic.Anything}"}');
    expect(messageOf(getAtt, { Option: 'option-b' })).toContain(
      'Unresolved resource dependencies [Topic] in the Resources block',
    );
    const inOutputs = `${CONDITIONAL.replace(/ {2}User:[\s\S]*$/, '')}\nOutputs:\n  TopicRef: {Value: !Ref Topic}\n`;
    expect(messageOf(inOutputs, { Option: 'option-b' })).toBe(
      'Unresolved resource dependencies [Topic] in the Outputs block of the template',
    );
  });

  it('allows such a Ref in the branch of Fn::If not taken, and in resources and outputs left out themselves', () => {
    const body = `
Parameters:
  UseFallback: {Type: String, AllowedValues: [true, false], Default: true}
Conditions:
  ShouldUseFallback: !Equals [true, !Ref UseFallback]
  ShouldNotUseFallback: !Not [Condition: ShouldUseFallback]
Resources:
  Dependent:
    Type: AWS::CloudFormation::WaitConditionHandle
    Metadata: {Value: !If [ShouldUseFallback, !Ref Fallback, !Ref Default]}
  Fallback: {Type: AWS::CloudFormation::WaitConditionHandle, Condition: ShouldUseFallback}
  Default: {Type: AWS::CloudFormation::WaitConditionHandle, Condition: ShouldNotUseFallback}
  AlsoDefault:
    Type: AWS::CloudFormation::WaitConditionHandle
    Condition: ShouldNotUseFallback
    Metadata: {Value: !Ref Default}
Outputs:
  DefaultRef: {Condition: ShouldNotUseFallback, Value: !Ref Default}
`;
    expect(() => check(body, { UseFallback: 'true' })).not.toThrow();
    expect(() => check(body, { UseFallback: 'false' })).not.toThrow();
  });

  it('rejects a DependsOn on a resource left out', () => {
    const body = `${CONDITIONAL.replace('Metadata: {Value: !Ref Topic}', 'DependsOn: Topic')}`;
    expect(messageOf(body, { Option: 'option-b' })).toBe(
      'Template format error: Unresolved resource dependencies [Topic] in the Resources block of the template',
    );
  });

  it('evaluates Fn::Select over Fn::GetAZs only when the zones are known', () => {
    const body =
      'Resources:\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\n    Metadata: {Zone: !Select [2, !GetAZs ""]}\n';
    expect(() => check(body)).not.toThrow();
    expect(messageOf(body, {}, ['z1', 'z2'])).toBe(
      'Template error: Fn::Select  cannot select nonexistent value at index 2',
    );
    expect(() => check(body, {}, ['z1', 'z2', 'z3'])).not.toThrow();
  });

  it('leaves Fn::ImportValue, resource attributes and values built from them to creation time', () => {
    const body = `
Resources:
  H:
    Type: AWS::CloudFormation::WaitConditionHandle
  U:
    Type: AWS::CloudFormation::WaitConditionHandle
    Metadata:
      A: !Select [3, !Split [",", !ImportValue shared-list]]
      B: !Select [1, !Split ["/", !Ref H]]
      C: !Sub "\${H}-\${AWS::StackName}"
Outputs:
  O: {Value: !Join ["", [!Ref H, !Select [0, [x]]]]}
`;
    expect(() => check(body)).not.toThrow();
  });

  it('evaluates every condition, reporting a wrong argument count', () => {
    const body =
      'Conditions:\n  C: {"Fn::Equals": [a]}\nResources:\n  H: {Type: AWS::CloudFormation::WaitConditionHandle}\n';
    expect(messageOf(body)).toBe('Template error: every Fn::Equals object requires a list of 2 string parameters.');
  });

  it('uses the pseudo parameters of the stack', () => {
    const body =
      'Mappings:\n  M: {zone-1: {K: v}}\nResources:\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\n    Metadata: {V: !FindInMap [M, !Ref "AWS::Region", K]}\n';
    expect(() => check(body)).not.toThrow();
  });
});
