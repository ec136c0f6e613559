import { UnresolvedReferenceError } from './errors';
import { contextFor } from './evaluation-context.fixture';
import { outputText, resolveOutputs } from './outputs';
import type { TemplateDocument } from './template-types';

describe('resolveOutputs', () => {
  const template: TemplateDocument = {
    Parameters: { Env: { Type: 'String' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: { Vm: { Type: 'CloudStack::VirtualMachine' } },
    Outputs: {
      Ip: {
        Value: { 'Fn::GetAtt': ['Vm', 'PrivateIp'] },
        Description: 'address',
        Export: { Name: { 'Fn::Sub': '${AWS::StackName}-ip' } },
      },
      Zones: { Value: { 'Fn::GetAZs': '' } },
      ProdOnly: { Value: 'x', Condition: 'IsProd' },
      Nothing: { Value: { Ref: 'AWS::NoValue' } },
    },
  };

  it('evaluates values, joins lists and skips outputs whose condition is false', () => {
    const ctx = contextFor(template, {
      parameters: { Env: 'dev' },
      attributes: { Vm: { PrivateIp: '10.1.1.1' } },
      availabilityZones: ['z1', 'z2'],
    });
    expect(resolveOutputs(template, ctx)).toEqual([
      { OutputKey: 'Ip', OutputValue: '10.1.1.1', Description: 'address', ExportName: 'demo-ip' },
      { OutputKey: 'Zones', OutputValue: 'z1,z2' },
    ]);
  });

  it('includes conditional outputs when the condition holds', () => {
    const ctx = contextFor(template, {
      parameters: { Env: 'prod' },
      attributes: { Vm: { PrivateIp: 'ip' } },
      availabilityZones: ['z1'],
    });
    expect(resolveOutputs(template, ctx).map((output) => output.OutputKey)).toEqual(['Ip', 'Zones', 'ProdOnly']);
  });

  it('throws UnresolvedReferenceError while an attribute is unknown', () => {
    const ctx = contextFor(template, { parameters: { Env: 'dev' } });
    expect(() => resolveOutputs(template, ctx)).toThrow(UnresolvedReferenceError);
  });

  it('shows numbers, booleans and maps as text', () => {
    expect(outputText(3)).toBe('3');
    expect(outputText(true)).toBe('true');
    expect(outputText({ a: 1 })).toBe('{"a":1}');
    expect(outputText([1, ['a', 'b']])).toBe('1,a,b');
  });
});
