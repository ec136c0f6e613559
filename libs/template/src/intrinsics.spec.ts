import { TemplateValidationError, UnresolvedReferenceError } from './errors';
import { contextFor } from './evaluation-context.fixture';
import { evaluate } from './intrinsics';
import { NO_VALUE } from './pseudo-parameters';

const resources = {
  Db: { Type: 'CloudStack::VirtualMachine' },
  Web: { Type: 'CloudStack::VirtualMachine' },
};

const ctx = contextFor(
  {
    Resources: resources,
    Parameters: { Env: { Type: 'String' }, Zones: { Type: 'CommaDelimitedList' } },
    Mappings: { Sizes: { prod: { Cpu: 4 }, dev: { Cpu: 1 } } },
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    },
  },
  {
    parameters: { Env: 'prod', Zones: ['z1', 'z2'] },
    physicalIds: { Db: 'vm-db' },
    attributes: { Db: { 'Endpoint.Address': '10.0.0.5', Port: 3306 } },
    availabilityZones: ['zone-a', 'zone-b'],
    exports: { SharedVpc: 'net-1' },
  },
);

const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('evaluate', () => {
  it('leaves plain values alone and walks maps and lists', () => {
    expect(evaluate({ a: [1, 'x', { b: true }], c: null }, ctx)).toEqual({ a: [1, 'x', { b: true }], c: null });
  });

  describe('Ref', () => {
    it('resolves parameters, pseudo parameters and resources', () => {
      expect(evaluate({ Ref: 'Env' }, ctx)).toBe('prod');
      expect(evaluate({ Ref: 'Zones' }, ctx)).toEqual(['z1', 'z2']);
      expect(evaluate({ Ref: 'AWS::Region' }, ctx)).toBe('zone-1');
      expect(evaluate({ Ref: 'AWS::Partition' }, ctx)).toBe('aws');
      expect(evaluate({ Ref: 'Db' }, ctx)).toBe('vm-db');
    });

    it('throws UnresolvedReferenceError for a resource not created yet', () => {
      const error = errorOf(() => evaluate({ Ref: 'Web' }, ctx));
      expect(error).toBeInstanceOf(UnresolvedReferenceError);
      expect(error).toMatchObject({ logicalId: 'Web', attribute: undefined });
    });

    it('rejects an unknown name with the AWS wording', () => {
      expect(() => evaluate({ Ref: 'Nope' }, ctx)).toThrow(
        new TemplateValidationError(
          'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template',
        ),
      );
    });
  });

  describe('Fn::GetAtt', () => {
    it('accepts the list form and the dotted string form', () => {
      expect(evaluate({ 'Fn::GetAtt': ['Db', 'Port'] }, ctx)).toBe(3306);
      expect(evaluate({ 'Fn::GetAtt': 'Db.Endpoint.Address' }, ctx)).toBe('10.0.0.5');
    });

    it('evaluates an attribute name given by a function', () => {
      const withParam = contextFor(ctx.template, { parameters: { Attr: 'Port' }, attributes: { Db: { Port: 1 } } });
      expect(evaluate({ 'Fn::GetAtt': ['Db', { Ref: 'Attr' }] }, withParam)).toBe(1);
    });

    it('throws UnresolvedReferenceError while the attribute is unknown', () => {
      expect(errorOf(() => evaluate({ 'Fn::GetAtt': ['Web', 'Ip'] }, ctx))).toMatchObject({
        name: 'UnresolvedReferenceError',
        logicalId: 'Web',
        attribute: 'Ip',
      });
    });

    it('rejects an undefined resource and a bad shape', () => {
      expect(() => evaluate({ 'Fn::GetAtt': ['Ghost', 'Ip'] }, ctx)).toThrow(
        'Template error: instance of Fn::GetAtt references undefined resource Ghost',
      );
      expect(() => evaluate({ 'Fn::GetAtt': ['Db'] }, ctx)).toThrow(/every Fn::GetAtt object requires two/);
    });
  });

  describe('Fn::Join', () => {
    it('joins literals and function results, numbers as text', () => {
      expect(evaluate({ 'Fn::Join': ['-', ['a', { Ref: 'Env' }, 3]] }, ctx)).toBe('a-prod-3');
      expect(evaluate({ 'Fn::Join': [',', { 'Fn::GetAZs': '' }] }, ctx)).toBe('zone-a,zone-b');
      expect(evaluate({ 'Fn::Join': ['', []] }, ctx)).toBe('');
    });

    it('rejects a bad shape naming the function', () => {
      expect(() => evaluate({ 'Fn::Join': ['-'] }, ctx)).toThrow(
        'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
      );
      expect(() => evaluate({ 'Fn::Join': ['-', 'abc'] }, ctx)).toThrow(/every Fn::Join object/);
      expect(() => evaluate({ 'Fn::Join': ['-', [['nested']]] }, ctx)).toThrow(/every Fn::Join object/);
    });
  });

  describe('Fn::Sub', () => {
    it('substitutes parameters, pseudo parameters, resources and attributes', () => {
      expect(
        evaluate({ 'Fn::Sub': '${Env}/${AWS::Region}/${AWS::StackName}/${Db}/${Db.Endpoint.Address}:${Db.Port}' }, ctx),
      ).toBe('prod/zone-1/demo/vm-db/10.0.0.5:3306');
    });

    it('turns ${!Literal} into ${Literal} without resolving it', () => {
      expect(evaluate({ 'Fn::Sub': 'echo ${!HOME} ${Env} ${!Db.Port}' }, ctx)).toBe('echo ${HOME} prod ${Db.Port}');
    });

    it('uses the variable map first, whose values may be functions', () => {
      expect(
        evaluate(
          { 'Fn::Sub': ['${Env}-${Name}', { Env: 'overridden', Name: { 'Fn::Join': ['.', ['a', 'b']] } }] },
          ctx,
        ),
      ).toBe('overridden-a.b');
    });

    it('keeps text without variables and an unclosed ${ as is', () => {
      expect(evaluate({ 'Fn::Sub': 'cost: $5 ${' }, ctx)).toBe('cost: $5 ${');
    });

    it('rejects unknown variables and bad shapes', () => {
      expect(() => evaluate({ 'Fn::Sub': '${Missing}' }, ctx)).toThrow(
        'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
      );
      expect(() => evaluate({ 'Fn::Sub': '${Missing.Attr}' }, ctx)).toThrow(
        /Unresolved resource dependencies \[Missing.Attr\]/,
      );
      expect(() => evaluate({ 'Fn::Sub': ['a', 'b', 'c'] }, ctx)).toThrow(
        /Fn::Sub intrinsic functions don't specify expected arguments/,
      );
      expect(() => evaluate({ 'Fn::Sub': 42 }, ctx)).toThrow(/Fn::Sub/);
      expect(() => evaluate({ 'Fn::Sub': '${Zones}' }, ctx)).toThrow(
        'Template error: variable Zones in Fn::Sub expression does not resolve to a string',
      );
    });

    it('throws UnresolvedReferenceError for a resource not created yet', () => {
      expect(errorOf(() => evaluate({ 'Fn::Sub': 'http://${Web.PublicIp}' }, ctx))).toBeInstanceOf(
        UnresolvedReferenceError,
      );
    });
  });

  it('Fn::Base64 encodes UTF-8 text', () => {
    expect(evaluate({ 'Fn::Base64': { 'Fn::Sub': 'env=${Env}' } }, ctx)).toBe(
      Buffer.from('env=prod').toString('base64'),
    );
    expect(() => evaluate({ 'Fn::Base64': ['x'] }, ctx)).toThrow(/Fn::Base64/);
  });

  describe('Fn::Select', () => {
    it('selects by index, given as number or text', () => {
      expect(evaluate({ 'Fn::Select': [1, ['a', 'b']] }, ctx)).toBe('b');
      expect(evaluate({ 'Fn::Select': ['0', { Ref: 'Zones' }] }, ctx)).toBe('z1');
    });

    it('rejects an index out of range with the AWS wording', () => {
      expect(() => evaluate({ 'Fn::Select': [2, ['a', 'b']] }, ctx)).toThrow(
        new TemplateValidationError('Template error: Fn::Select  cannot select nonexistent value at index 2'),
      );
      expect(() => evaluate({ 'Fn::Select': [-1, ['a']] }, ctx)).toThrow(/cannot select nonexistent value at index -1/);
      expect(() => evaluate({ 'Fn::Select': ['x', ['a']] }, ctx)).toThrow(/Fn::Select requires/);
    });
  });

  it('Fn::Split splits text and rejects bad shapes', () => {
    expect(evaluate({ 'Fn::Split': [',', 'a,b,,c'] }, ctx)).toEqual(['a', 'b', '', 'c']);
    expect(evaluate({ 'Fn::Select': [1, { 'Fn::Split': ['|', { 'Fn::Sub': 'x|${Env}' }] }] }, ctx)).toBe('prod');
    expect(() => evaluate({ 'Fn::Split': [',', ['a']] }, ctx)).toThrow(
      /every Fn::Split object requires two parameters/,
    );
  });

  describe('Fn::FindInMap', () => {
    it('looks up with keys given by functions', () => {
      expect(evaluate({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Cpu'] }, ctx)).toBe(4);
    });

    it('falls back to DefaultValue', () => {
      expect(evaluate({ 'Fn::FindInMap': ['Sizes', 'test', 'Cpu', { DefaultValue: 2 }] }, ctx)).toBe(2);
    });

    it('reports a missing key or map', () => {
      expect(() => evaluate({ 'Fn::FindInMap': ['Sizes', 'test', 'Cpu'] }, ctx)).toThrow(
        'Template error: Unable to get mapping for Sizes::test::Cpu',
      );
      expect(() => evaluate({ 'Fn::FindInMap': ['Nope', 'a', 'b'] }, ctx)).toThrow(/Mapping named 'Nope'/);
      expect(() => evaluate({ 'Fn::FindInMap': ['Sizes', 'prod'] }, ctx)).toThrow(
        /every Fn::FindInMap object requires three/,
      );
    });
  });

  describe('conditions', () => {
    it('Fn::If picks a branch by the named condition', () => {
      expect(evaluate({ 'Fn::If': ['IsProd', 'big', 'small'] }, ctx)).toBe('big');
      expect(evaluate({ 'Fn::If': ['IsDev', 'big', { Ref: 'Env' }] }, ctx)).toBe('prod');
    });

    it('Fn::If only evaluates the chosen branch', () => {
      expect(evaluate({ 'Fn::If': ['IsProd', 'ok', { Ref: 'Web' }] }, ctx)).toBe('ok');
    });

    it('Fn::Equals compares text forms, so a number equals its digits', () => {
      expect(evaluate({ 'Fn::Equals': ['1', 1] }, ctx)).toBe(true);
      expect(evaluate({ 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] }, ctx)).toBe(false);
      expect(() => evaluate({ 'Fn::Equals': ['a'] }, ctx)).toThrow(/every Fn::Equals object requires a list of 2/);
    });

    it('Fn::And, Fn::Or, Fn::Not and Condition combine booleans', () => {
      expect(evaluate({ 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': ['a', 'a'] }] }, ctx)).toBe(true);
      expect(evaluate({ 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['a', 'b'] }] }, ctx)).toBe(false);
      expect(evaluate({ 'Fn::Not': [{ Condition: 'IsDev' }] }, ctx)).toBe(true);
      expect(() => evaluate({ 'Fn::And': [{ Condition: 'IsProd' }] }, ctx)).toThrow(
        'Template error: every Fn::And object requires a list of at least 2 and at most 10 boolean parameters.',
      );
      expect(() => evaluate({ 'Fn::Not': ['yes'] }, ctx)).toThrow(/every Fn::Not object requires a list of exactly 1/);
    });

    it('rejects an undeclared condition', () => {
      expect(() => evaluate({ 'Fn::If': ['Nope', 1, 2] }, ctx)).toThrow(
        'Template error: unresolved condition dependency Nope in Fn::If',
      );
    });
  });

  describe('AWS::NoValue', () => {
    it('removes the property or list item and keeps the rest', () => {
      expect(
        evaluate(
          {
            Keep: 'x',
            Drop: { Ref: 'AWS::NoValue' },
            DropIf: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 'kept'] },
            List: ['a', { Ref: 'AWS::NoValue' }, { 'Fn::If': ['IsDev', 'b', { Ref: 'AWS::NoValue' }] }, 'c'],
          },
          ctx,
        ),
      ).toEqual({ Keep: 'x', List: ['a', 'c'] });
    });

    it('returns NO_VALUE when the whole value is NoValue', () => {
      expect(evaluate({ Ref: 'AWS::NoValue' }, ctx)).toBe(NO_VALUE);
    });
  });

  it('Fn::GetAZs returns the context zones', () => {
    expect(evaluate({ 'Fn::GetAZs': { Ref: 'AWS::Region' } }, ctx)).toEqual(['zone-a', 'zone-b']);
  });

  it('Fn::Length and Fn::ToJsonString', () => {
    expect(evaluate({ 'Fn::Length': [1, { Ref: 'AWS::NoValue' }, 3] }, ctx)).toBe(2);
    expect(evaluate({ 'Fn::Length': { Ref: 'Zones' } }, ctx)).toBe(2);
    expect(evaluate({ 'Fn::ToJsonString': { a: { Ref: 'Env' }, b: [1] } }, ctx)).toBe('{"a":"prod","b":[1]}');
    expect(() => evaluate({ 'Fn::Length': 'abc' }, ctx)).toThrow(/Fn::Length/);
  });

  it('Fn::ImportValue reads exports and reports a missing one', () => {
    expect(evaluate({ 'Fn::ImportValue': 'SharedVpc' }, ctx)).toBe('net-1');
    expect(() => evaluate({ 'Fn::ImportValue': 'Other' }, ctx)).toThrow('No export named Other found.');
  });

  it('Fn::Cidr carves subnets', () => {
    expect(evaluate({ 'Fn::Cidr': ['10.0.0.0/16', 3, 8] }, ctx)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
  });

  it('rejects unsupported Fn:: functions and leaves a Condition map (IAM policies) alone', () => {
    expect(() => evaluate({ 'Fn::Bogus': 1 }, ctx)).toThrow(/Encountered unsupported function: Fn::Bogus/);
    expect(evaluate({ Condition: { StringEquals: { a: 'b' } } }, ctx)).toEqual({
      Condition: { StringEquals: { a: 'b' } },
    });
  });
});
