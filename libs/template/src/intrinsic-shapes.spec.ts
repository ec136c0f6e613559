import { TemplateValidationError } from './errors';
import { INTRINSIC_SHAPE_MESSAGES as SHAPE } from './intrinsic-messages';
import { checkIntrinsicShapes, isIntrinsicObject } from './intrinsic-shapes';
import type { TemplateDocument } from './template-types';

const withProperty = (value: unknown): TemplateDocument => ({
  Resources: { A: { Type: 'T', Properties: { P: value } } },
});

const messageOf = (value: unknown): string | undefined => {
  try {
    checkIntrinsicShapes(withProperty(value));
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateValidationError);
    return (error as Error).message;
  }
};

describe('checkIntrinsicShapes', () => {
  it('accepts well-formed functions, nested ones too', () => {
    for (const value of [
      { Ref: 'X' },
      { 'Fn::GetAtt': 'A.B' },
      { 'Fn::GetAtt': ['A', { Ref: 'Attr' }] },
      { 'Fn::Join': ['', ['a', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }]] },
      { 'Fn::Sub': ['${X}', { X: { 'Fn::Base64': 'y' } }] },
      { 'Fn::Split': [',', { Ref: 'L' }] },
      { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'K'] },
      { 'Fn::If': ['C', 1, { Ref: 'AWS::NoValue' }] },
      { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
      { 'Fn::Length': [1, 2] },
      { 'Fn::ToJsonString': { a: 1 } },
      { Condition: { StringEquals: { a: 'b' } } },
    ]) {
      expect(messageOf(value)).toBeUndefined();
    }
  });

  // The Fn::Select, Fn::GetAtt and Fn::Split cases are those AWS answered in LocalStack's recorded change-set tests.
  it.each([
    [{ 'Fn::Select': ['bad', ['test']] }, 'Fn::Select'],
    [{ 'Fn::Select': [0, 2] }, 'Fn::Select'],
    [{ 'Fn::Select': [100, ['test']] }, 'Fn::Select'],
    [{ 'Fn::GetAtt': [{ Ref: 'P' }] }, 'Fn::GetAtt'],
    [{ 'Fn::GetAtt': ['MyParameter1'] }, 'Fn::GetAtt'],
    [{ 'Fn::GetAtt': 'NoDot' }, 'Fn::GetAtt'],
    [{ 'Fn::Split': { Ref: 'AWS::Region' } }, 'Fn::Split'],
    [{ 'Fn::Join': [{ Ref: 'D' }, ['a']] }, 'Fn::Join'],
    [{ 'Fn::Sub': ['${X}', ['not a map']] }, 'Fn::Sub'],
    [{ 'Fn::Equals': ['a'] }, 'Fn::Equals'],
    [{ 'Fn::If': ['C', 1] }, 'Fn::If'],
    [{ 'Fn::Not': [{ Condition: 'A' }, { Condition: 'B' }] }, 'Fn::Not'],
    [{ 'Fn::And': [{ Condition: 'A' }] }, 'Fn::And'],
    [{ 'Fn::FindInMap': ['M', 'K'] }, 'Fn::FindInMap'],
    [{ 'Fn::Cidr': ['10.0.0.0/16', 4] }, 'Fn::Cidr'],
    [{ Ref: ['X'] }, 'Ref'],
    [{ 'Fn::Join': [',', { 'Fn::Select': [1, ['only']] }] }, 'Fn::Select'],
  ])('rejects %j with the wording for %s', (value, name) => {
    expect(messageOf(value)).toBe(SHAPE[name]);
  });

  it('rejects functions it does not implement, by name', () => {
    expect(messageOf({ 'Fn::Transform': { Name: 'X' } })).toMatch(
      /^Template format error: Encountered unsupported function: Fn::Transform Supported functions are: \[Fn::Base64, /,
    );
  });

  it('checks outputs, export names, metadata and conditions too', () => {
    const template: TemplateDocument = {
      Conditions: { C: { 'Fn::Equals': ['only one'] } },
      Resources: { A: { Type: 'T' } },
    };
    expect(() => checkIntrinsicShapes(template)).toThrow(SHAPE['Fn::Equals']);
    expect(() =>
      checkIntrinsicShapes({
        Resources: { A: { Type: 'T' } },
        Outputs: { O: { Value: 'x', Export: { Name: { 'Fn::Sub': 1 } } } },
      }),
    ).toThrow(SHAPE['Fn::Sub']);
    expect(() =>
      checkIntrinsicShapes({ Resources: { A: { Type: 'T', Metadata: { M: { 'Fn::Base64': ['x'] } } } } }),
    ).toThrow(SHAPE['Fn::Base64']);
  });

  it('tells function objects from plain maps', () => {
    expect(isIntrinsicObject({ Ref: 'x' })).toBe(true);
    expect(isIntrinsicObject({ 'Fn::Join': [] })).toBe(true);
    expect(isIntrinsicObject({ Condition: 'Name' })).toBe(true);
    expect(isIntrinsicObject({ Condition: { a: 1 } })).toBe(false);
    expect(isIntrinsicObject({ Ref: 'x', Other: 1 })).toBe(false);
    expect(isIntrinsicObject(['Ref'])).toBe(false);
  });

  it('reads a key named __proto__ as a key, not as the prototype', () => {
    const template = JSON.parse(
      '{"Resources": {"A": {"Type": "T", "Properties": {"P": {"__proto__": "x"}, "Q": {"toString": 1}}}}}',
    );
    expect(() => checkIntrinsicShapes(template)).not.toThrow();
  });
});
