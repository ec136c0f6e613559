import { collectReferences } from './references';

describe('collectReferences', () => {
  it('finds Ref, both Fn::GetAtt forms and Fn::Sub variables in nested values', () => {
    const value = {
      A: { Ref: 'P' },
      B: [{ 'Fn::GetAtt': ['R1', 'Ip'] }, { 'Fn::GetAtt': 'R2.Endpoint.Port' }],
      C: { 'Fn::Join': ['', [{ 'Fn::Sub': '${R3}-${R4.Name}-${!R5}-${AWS::Region}' }]] },
    };
    expect(collectReferences(value)).toEqual([
      { via: 'Ref', target: 'P' },
      { via: 'Fn::GetAtt', target: 'R1', attribute: 'Ip' },
      { via: 'Fn::GetAtt', target: 'R2', attribute: 'Endpoint.Port' },
      { via: 'Fn::Sub', target: 'R3', attribute: undefined },
      { via: 'Fn::Sub', target: 'R4', attribute: 'Name' },
      { via: 'Fn::Sub', target: 'AWS::Region', attribute: undefined },
    ]);
  });

  it('skips Fn::Sub variables defined locally but walks their values', () => {
    expect(collectReferences({ 'Fn::Sub': ['${Local}-${Outer}', { Local: { Ref: 'R6' } }] })).toEqual([
      { via: 'Fn::Sub', target: 'Outer', attribute: undefined },
      { via: 'Ref', target: 'R6' },
    ]);
  });
});
