import { TemplateValidationError } from './errors';
import { resolveParameters } from './parameters';
import type { ParameterDefinition, TemplateDocument } from './template-types';

const templateWith = (Parameters: Record<string, ParameterDefinition>): TemplateDocument => ({
  Parameters,
  Resources: { A: { Type: 'T' } },
});

const supply = (values: Record<string, string>) =>
  Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

describe('resolveParameters', () => {
  it('uses supplied values, then defaults, and splits list types', () => {
    const template = templateWith({
      Name: { Type: 'String', Default: 'web' },
      Count: { Type: 'Number', Default: 3 },
      Zones: { Type: 'CommaDelimitedList' },
      Ports: { Type: 'List<Number>', Default: '80, 443' },
      Key: { Type: 'AWS::EC2::KeyPair::KeyName' },
    });
    expect(resolveParameters(template, supply({ Name: 'db', Zones: 'a,b', Key: 'k' }))).toEqual({
      Name: 'db',
      Count: '3',
      Zones: ['a', 'b'],
      Ports: ['80', '443'],
      Key: 'k',
    });
  });

  it('lists every parameter without a value', () => {
    const template = templateWith({ A: { Type: 'String' }, B: { Type: 'String' }, C: { Type: 'String', Default: '' } });
    expect(() => resolveParameters(template, [])).toThrow(
      new TemplateValidationError('Parameters: [A, B] must have values'),
    );
  });

  it('rejects supplied parameters the template does not declare', () => {
    const template = templateWith({ A: { Type: 'String', Default: 'x' } });
    expect(() => resolveParameters(template, supply({ X: '1', Y: '2' }))).toThrow(
      'Parameters: [X, Y] do not exist in the template',
    );
  });

  it('uses the previous value when asked', () => {
    const template = templateWith({ A: { Type: 'String' } });
    expect(resolveParameters(template, [{ ParameterKey: 'A', UsePreviousValue: true }], { A: 'old' })).toEqual({
      A: 'old',
    });
    expect(() => resolveParameters(template, [{ ParameterKey: 'A', UsePreviousValue: true }])).toThrow(
      /usePreviousValue/,
    );
  });

  it('checks AllowedValues, for list members too', () => {
    const template = templateWith({
      Size: { Type: 'String', AllowedValues: ['small', 'large'] },
      Zones: { Type: 'CommaDelimitedList', AllowedValues: ['a', 'b'], Default: 'a' },
    });
    expect(() => resolveParameters(template, supply({ Size: 'huge' }))).toThrow(
      "Parameter 'Size' must be one of AllowedValues",
    );
    expect(() => resolveParameters(template, supply({ Size: 'small', Zones: 'a,c' }))).toThrow(
      "Parameter 'Zones' must be one of AllowedValues",
    );
    expect(resolveParameters(template, supply({ Size: 'small' }))).toEqual({ Size: 'small', Zones: ['a'] });
  });

  it('matches AllowedPattern against the whole value', () => {
    const template = templateWith({ Name: { Type: 'String', AllowedPattern: '[a-z]+' } });
    expect(() => resolveParameters(template, supply({ Name: 'abc1' }))).toThrow(
      "Parameter 'Name' must match pattern [a-z]+",
    );
    expect(resolveParameters(template, supply({ Name: 'abc' }))).toEqual({ Name: 'abc' });
  });

  it('uses ConstraintDescription when given', () => {
    const template = templateWith({
      Name: { Type: 'String', AllowedPattern: '[a-z]+', ConstraintDescription: 'must be lowercase letters' },
    });
    expect(() => resolveParameters(template, supply({ Name: 'ABC' }))).toThrow(
      'Parameter Name failed to satisfy constraint: must be lowercase letters',
    );
  });

  it('checks lengths and numeric bounds', () => {
    const template = templateWith({
      Name: { Type: 'String', MinLength: 2, MaxLength: '4', Default: 'ab' },
      Size: { Type: 'Number', MinValue: 1, MaxValue: 10, Default: '5' },
    });
    expect(() => resolveParameters(template, supply({ Name: 'a' }))).toThrow(
      "Parameter 'Name' must contain at least 2 characters",
    );
    expect(() => resolveParameters(template, supply({ Name: 'abcde' }))).toThrow(
      "Parameter 'Name' must contain at most 4 characters",
    );
    expect(() => resolveParameters(template, supply({ Size: '0' }))).toThrow(
      "Parameter 'Size' must be a number not less than 1",
    );
    expect(() => resolveParameters(template, supply({ Size: '10.5' }))).toThrow(
      "Parameter 'Size' must be a number not greater than 10",
    );
    expect(() => resolveParameters(template, supply({ Size: 'ten' }))).toThrow("Parameter 'Size' must be a number.");
  });

  it('requires every List<Number> member to be a number', () => {
    const template = templateWith({ Ports: { Type: 'List<Number>' } });
    expect(() => resolveParameters(template, supply({ Ports: '80,http' }))).toThrow(
      "Parameter 'Ports' must be a number.",
    );
  });

  it('reports an invalid AllowedPattern as a template error', () => {
    const template = templateWith({ Name: { Type: 'String', AllowedPattern: '([a-z' } });
    expect(() => resolveParameters(template, supply({ Name: 'a' }))).toThrow(TemplateValidationError);
  });
});
