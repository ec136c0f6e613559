import { TemplateValidationError } from './errors';
import { expandForEach, usesForEach } from './for-each';
import { parseTemplate } from './parse-template';

const asList = (collection: unknown) => collection;

describe('Fn::ForEach (AWS::LanguageExtensions)', () => {
  it('repeats a fragment per item: ${Id} and &{Id} in keys and strings, Ref Id as the item', () => {
    const template = parseTemplate(`
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Topics:
    - Name
    - [Alpha, b-2]
    - Sg&{Name}:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: !Sub "group \${Name} of \${AWS::StackName}"
          Tags: [{Key: name, Value: !Ref Name}, {Key: other, Value: !Ref Other}]
  Plain: {Type: AWS::CloudFormation::WaitConditionHandle}
Outputs:
  Fn::ForEach::Out:
    - Name
    - [Alpha]
    - Id\${Name}: {Value: !GetAtt [!Sub "Sg\${Name}", GroupId]}
`);
    expect(usesForEach(template)).toBe(true);
    const expanded = expandForEach(template, asList);
    expect(Object.keys(expanded.Resources)).toEqual(['SgAlpha', 'Sgb2', 'Plain']);
    expect(expanded.Resources.Sgb2.Properties).toEqual({
      GroupDescription: { 'Fn::Sub': 'group b-2 of ${AWS::StackName}' },
      Tags: [
        { Key: 'name', Value: 'b-2' },
        { Key: 'other', Value: { Ref: 'Other' } },
      ],
    });
    expect(expanded.Outputs).toEqual({ IdAlpha: { Value: { 'Fn::GetAtt': [{ 'Fn::Sub': 'SgAlpha' }, 'GroupId'] } } });
    expect(usesForEach(expanded)).toBe(false);
  });

  it('nests loops, expands inside properties, and takes a collection a function gives', () => {
    const template = {
      Resources: {
        'Fn::ForEach::Outer': [
          'Env',
          { Ref: 'Envs' },
          {
            'Fn::ForEach::Inner': [
              'Tier',
              ['web', 'db'],
              {
                '${Env}${Tier}': {
                  Type: 'AWS::EC2::Instance',
                  Properties: { 'Fn::ForEach::Props': ['P', ['A'], { 'Key${P}': '${Env}-${Tier}' }] },
                },
              },
            ],
          },
        ],
      },
    } as never;
    const expanded = expandForEach(template, (collection) =>
      (collection as { Ref?: string }).Ref === 'Envs' ? 'dev,prod' : collection,
    );
    expect(Object.keys(expanded.Resources)).toEqual(['devweb', 'devdb', 'prodweb', 'proddb']);
    expect(expanded.Resources.proddb.Properties).toEqual({ KeyA: 'prod-db' });
  });

  it('refuses malformed loops and keys made twice, in template format errors', () => {
    const loop = (value: unknown) => ({ Resources: { 'Fn::ForEach::L': value } }) as never;
    expect(() => expandForEach(loop(['N', ['a'], { Fixed: {} }]), asList)).toThrow(
      /OutputKey Fixed must contain \$\{N\}/,
    );
    expect(() => expandForEach(loop(['N', ['a']]), asList)).toThrow(TemplateValidationError);
    expect(() => expandForEach(loop(['N', [{ x: 1 }], { 'R${N}': {} }]), asList)).toThrow(/collection must be a list/);
    expect(() => expandForEach(loop(['N', ['a-b', 'ab'], { 'R&{N}': {} }]), asList)).toThrow(/makes the key Rab twice/);
  });
});
