import { parseSubString, splitSubVariable } from './sub-string';

describe('parseSubString', () => {
  it('splits literals and variables', () => {
    expect(parseSubString('http://${Web.PublicIp}:${Port}/x')).toEqual([
      { literal: 'http://' },
      { variable: 'Web.PublicIp' },
      { literal: ':' },
      { variable: 'Port' },
      { literal: '/x' },
    ]);
  });

  it('keeps ${!Literal} as the literal ${Literal}', () => {
    expect(parseSubString('a ${!Var} b')).toEqual([{ literal: 'a ${Var} b' }]);
  });

  it('keeps an unclosed ${ and trims spaces inside braces', () => {
    expect(parseSubString('${ Name }${')).toEqual([{ variable: 'Name' }, { literal: '${' }]);
  });
});

describe('splitSubVariable', () => {
  it('splits at the first dot only', () => {
    expect(splitSubVariable('Db.Endpoint.Address')).toEqual(['Db', 'Endpoint.Address']);
    expect(splitSubVariable('AWS::Region')).toEqual(['AWS::Region']);
  });
});
