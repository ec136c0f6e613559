import { parse } from 'yaml';

import { contextFor } from './evaluation-context.fixture';
import { evaluate } from './intrinsics';
import { cloudFormationTags } from './yaml-short-tags';

const read = (text: string) => parse(text, { customTags: cloudFormationTags() });

describe('cloudFormationTags', () => {
  it('splits a dotted !GetAtt at the first dot only', () => {
    expect(read('!GetAtt Db.Endpoint.Port')).toEqual({ 'Fn::GetAtt': ['Db', 'Endpoint.Port'] });
    expect(read('!GetAtt [Db, Port]')).toEqual({ 'Fn::GetAtt': ['Db', 'Port'] });
  });

  it('turns scalar tags into single-key objects', () => {
    expect(read('[!Ref A, !Condition C, !GetAZs "", !ImportValue X, !Base64 t]')).toEqual([
      { Ref: 'A' },
      { Condition: 'C' },
      { 'Fn::GetAZs': '' },
      { 'Fn::ImportValue': 'X' },
      { 'Fn::Base64': 't' },
    ]);
  });

  it('evaluates nested short forms end to end', () => {
    const value = read(`
!Join
  - ""
  - - !Sub "http://\${Host}:"
    - !Ref Port
    - !Select [1, !Split ["/", !Sub ["\${A}/\${B}", {A: x, B: !Ref Path}]]]
    - !If [Secure, "/s", !Ref AWS::NoValue]
`);
    const ctx = contextFor(
      {
        Parameters: { Host: { Type: 'String' }, Port: { Type: 'Number' }, Path: { Type: 'String' } },
        Conditions: { Secure: { 'Fn::Equals': ['a', 'b'] } },
      },
      { parameters: { Host: 'h', Port: '80', Path: 'p' } },
    );
    expect(evaluate(value, ctx)).toBe('http://h:80p');
  });
});
