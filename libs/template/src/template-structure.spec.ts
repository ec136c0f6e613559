import { TemplateValidationError } from './errors';
import { parseTemplate } from './parse-template';
import { type ResourceTypeCatalog, validateTemplateStructure } from './template-structure';

const VM = 'CloudStack::VirtualMachine';

const catalog: ResourceTypeCatalog = {
  has: (type) => type === VM || type.startsWith('Custom::'),
  attributes: (type) => (type === VM ? ['Id', 'PrivateIp'] : undefined),
};

const messageOf = (template: unknown, withCatalog?: ResourceTypeCatalog): string => {
  try {
    validateTemplateStructure(template, withCatalog);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateValidationError);
    return (error as Error).message;
  }
  throw new Error('expected the template to be rejected');
};

describe('validateTemplateStructure', () => {
  it('accepts a complete template', () => {
    const template = parseTemplate(`
AWSTemplateFormatVersion: "2010-09-09"
Description: demo
Parameters:
  Env: {Type: String, Default: dev}
Mappings:
  Sizes: {dev: {Cpu: 1}}
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Net: {Type: ${VM}}
  Vm:
    Type: ${VM}
    Condition: IsDev
    DependsOn: [Net]
    DeletionPolicy: Retain
    Properties:
      Name: !Sub '\${AWS::StackName}-\${Env}-\${Net.Id}-\${!Literal}'
      Ip: !If [IsDev, !GetAtt Net.PrivateIp, !Ref AWS::NoValue]
  Hook: {Type: Custom::Thing}
  Uses: {Type: Custom::Thing, Properties: {X: !GetAtt Hook.Anything}}
Outputs:
  Ip: {Value: !GetAtt Vm.PrivateIp, Condition: IsDev, Export: {Name: !Sub '\${AWS::StackName}-ip'}}
`);
    expect(() => validateTemplateStructure(template, catalog)).not.toThrow();
  });

  it('requires at least one resource', () => {
    expect(messageOf({})).toBe('Template format error: At least one Resources member must be defined.');
    expect(messageOf({ Resources: {} })).toBe('Template format error: At least one Resources member must be defined.');
  });

  it('rejects unknown top-level sections, all named', () => {
    expect(messageOf({ Resources: { A: { Type: VM } }, Bogus: 1, Other: 2 })).toBe(
      'Template format error: Invalid template property or properties [Bogus, Other]',
    );
  });

  it('requires the one format version', () => {
    expect(messageOf({ AWSTemplateFormatVersion: '2011-01-01', Resources: { A: { Type: VM } } })).toMatch(
      /^Template format error: \[\/AWSTemplateFormatVersion\] .*2010-09-09/,
    );
  });

  it('names the resource without a Type, and an unknown resource attribute', () => {
    expect(messageOf({ Resources: { Web: { Properties: {} } } })).toBe(
      'Template format error: [/Resources/Web] Every Resources object must contain a Type member.',
    );
    expect(messageOf({ Resources: { Web: { Type: VM, Propertiess: {} } } })).toBe(
      "Invalid template resource property 'Propertiess'",
    );
  });

  it('requires a Value in every output and a Type in every parameter', () => {
    expect(messageOf({ Resources: { A: { Type: VM } }, Outputs: { Out: { Description: 'x' } } })).toBe(
      'Template format error: Every Outputs member must contain a Value object',
    );
    expect(messageOf({ Resources: { A: { Type: VM } }, Parameters: { P: { Default: 'x' } } })).toBe(
      'Template format error: [/Parameters/P] Every Parameters object must contain a Type member.',
    );
  });

  it('requires alphanumeric logical ids', () => {
    expect(messageOf({ Resources: { 'my-vm': { Type: VM } } })).toBe(
      'Template format error: Resource name my-vm is non alphanumeric.',
    );
  });

  it('reports other schema failures with the JSON pointer', () => {
    expect(messageOf({ Resources: { A: { Type: VM, DeletionPolicy: 'Keep' } } })).toMatch(
      /^Template format error: \[\/Resources\/A\/DeletionPolicy\] /,
    );
    expect(messageOf({ Description: 5, Resources: { A: { Type: VM } } })).toBe(
      'Template format error: [/Description] must be string',
    );
  });

  it('enforces the resource quota', () => {
    const Resources = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`R${i}`, { Type: VM }]));
    expect(messageOf({ Resources })).toBe(
      'Template format error: Number of resources, 501, is greater than maximum allowed, 500',
    );
  });

  it('lists unresolved Ref, Sub and DependsOn targets in the Resources block', () => {
    const template = {
      Resources: {
        A: {
          Type: VM,
          DependsOn: ['Ghost'],
          Properties: { x: { Ref: 'Missing' }, y: { 'Fn::Sub': '${Nope}-${Nope2.Attr}-${!Fine}-${AWS::Region}' } },
        },
      },
    };
    expect(messageOf(template)).toBe(
      'Template format error: Unresolved resource dependencies [Missing, Nope, Nope2.Attr, Ghost] in the Resources block of the template',
    );
  });

  it('names unresolved targets in the Outputs block', () => {
    expect(messageOf({ Resources: { A: { Type: VM } }, Outputs: { O: { Value: { Ref: 'B' } } } })).toBe(
      'Template format error: Unresolved resource dependencies [B] in the Outputs block of the template',
    );
  });

  it('rejects Fn::GetAtt of an undefined resource', () => {
    expect(messageOf({ Resources: { A: { Type: VM, Properties: { x: { 'Fn::GetAtt': 'Ghost.Ip' } } } } })).toBe(
      'Template error: instance of Fn::GetAtt references undefined resource Ghost',
    );
  });

  it('rejects resources referenced from Conditions', () => {
    expect(
      messageOf({ Resources: { A: { Type: VM } }, Conditions: { C: { 'Fn::Equals': [{ Ref: 'A' }, 'x'] } } }),
    ).toBe(
      'Template format error: Unresolved dependencies [A]. Cannot reference resources in the Conditions block of the template',
    );
  });

  it('rejects undeclared condition names', () => {
    expect(messageOf({ Resources: { A: { Type: VM, Properties: { x: { 'Fn::If': ['Nope', 1, 2] } } } } })).toBe(
      'Template error: unresolved condition dependency Nope in Fn::If',
    );
    expect(messageOf({ Resources: { A: { Type: VM, Condition: 'Nope' } } })).toMatch(
      /Unresolved dependencies \[Nope\]/,
    );
  });

  it('rejects resource types missing from the catalog, all named', () => {
    const template = { Resources: { A: { Type: 'AWS::Foo::Bar' }, B: { Type: VM }, C: { Type: 'AWS::Baz::Qux' } } };
    expect(messageOf(template, catalog)).toBe(
      'Template format error: Unrecognized resource types: [AWS::Foo::Bar, AWS::Baz::Qux]',
    );
    expect(() => validateTemplateStructure(template)).not.toThrow();
  });

  it('rejects GetAtt attributes the type does not have, in both GetAtt and Sub forms', () => {
    const base = { B: { Type: VM } };
    expect(
      messageOf(
        { Resources: { ...base, A: { Type: VM, Properties: { x: { 'Fn::GetAtt': ['B', 'Color'] } } } } },
        catalog,
      ),
    ).toBe('Template error: resource B does not support attribute type Color in Fn::GetAtt');
    expect(messageOf({ Resources: base, Outputs: { O: { Value: { 'Fn::Sub': '${B.Size}' } } } }, catalog)).toBe(
      'Template error: resource B does not support attribute type Size in Fn::GetAtt',
    );
  });

  it('names the resources of a dependency cycle', () => {
    const template = {
      Resources: {
        A: { Type: VM, Properties: { x: { Ref: 'B' } } },
        B: { Type: VM, DependsOn: 'A' },
      },
    };
    expect(messageOf(template)).toBe('Circular dependency between resources: [A, B]');
  });

  // Messages AWS gave in LocalStack's recorded tests (api/test_validations, api/test_stacks, engine/test_mappings).
  it('refuses null values anywhere, naming the place', () => {
    expect(messageOf({ Resources: { Foo: { Type: VM } }, Outputs: { MyOutput: { Value: null } } })).toBe(
      "[/Outputs/MyOutput/Value] 'null' values are not allowed in templates",
    );
    expect(
      messageOf({ Resources: { Foo: { Type: VM } }, Outputs: { MyOutput: { Value: null, AnotherValue: null } } }),
    ).toBe("[/Outputs/MyOutput/Value] 'null' values are not allowed in templates");
    expect(messageOf(parseTemplate('Resources:\n  A:\n    Type: T\n    Properties:\n      Name:\n'))).toBe(
      "[/Resources/A/Properties/Name] 'null' values are not allowed in templates",
    );
  });

  it('wants every Resources member to be an object', () => {
    expect(messageOf({ Resources: '', Outputs: '' })).toBe(
      'Template format error: Any Resources member must be an object.',
    );
    expect(messageOf({ Resources: { A: 'text' } })).toBe(
      'Template format error: Any Resources member must be an object.',
    );
  });

  it('wants mappings of maps of strings or lists', () => {
    const withMapping = (mapping: unknown) => ({
      Mappings: { TopicSuffixMap: mapping },
      Resources: { A: { Type: VM } },
    });
    expect(messageOf(withMapping({ A: 'suffix-a', B: 'suffix-b' }))).toBe(
      'Template format error: Every Mappings member A must be a map',
    );
    expect(messageOf(withMapping({ A: { Suffix: { SuffixValue: 'suffix-a' } } }))).toBe(
      'Template format error: Every Mappings attribute must be a String or a List.',
    );
    expect(messageOf(withMapping({ A: { Suffix: { Ref: 'TopicNameSuffix' } } }))).toBe(
      'Template format error: Every Mappings attribute must be a String or a List.',
    );
    expect(messageOf({ Mappings: { M: 'flat' }, Resources: { A: { Type: VM } } })).toBe(
      'Template format error: Every Mappings member M must be a map',
    );
    expect(() => validateTemplateStructure(withMapping({ A: { Azs: ['a', 'b'], Count: 2, On: true } }))).not.toThrow();
  });

  it('knows the parameter types and properties', () => {
    const withParameter = (definition: object) => ({ Parameters: { P: definition }, Resources: { A: { Type: VM } } });
    expect(messageOf(withParameter({ Type: 'Strin' }))).toBe(
      'Template format error: Unrecognized parameter type: Strin',
    );
    expect(messageOf(withParameter({ Type: 'List<Strin>' }))).toBe(
      'Template format error: Unrecognized parameter type: List<Strin>',
    );
    expect(messageOf(withParameter({ Type: 'AWS::SSM::Parameter::Value<String>' }))).toContain(
      'SSM parameter types need AWS Systems Manager',
    );
    expect(messageOf(withParameter({ Type: 'String', Defualt: 'x' }))).toBe(
      "Template format error: Invalid template parameter property 'Defualt'",
    );
    for (const type of [
      'String',
      'Number',
      'List<Number>',
      'List<String>',
      'CommaDelimitedList',
      'AWS::EC2::KeyPair::KeyName',
      'List<AWS::EC2::AvailabilityZone::Name>',
      'CloudStack::Zone::Name',
      'CloudStack::Template::Name',
      'CloudStack::ServiceOffering::Name',
    ]) {
      expect(() => validateTemplateStructure(withParameter({ Type: type }))).not.toThrow();
    }
  });
});
