import { maskPaths, maskSecrets, noEchoParameterNames, noEchoValues, secretPaths } from './no-echo';

describe('NoEcho masking', () => {
  it('finds NoEcho parameters, whether true or "true"', () => {
    expect(
      noEchoParameterNames({
        Parameters: {
          A: { Type: 'String', NoEcho: true },
          B: { Type: 'String', NoEcho: 'TRUE' },
          C: { Type: 'String', NoEcho: 'false' },
          D: { Type: 'String' },
        },
      }),
    ).toEqual(['A', 'B']);
  });

  it('collects secret values, list members and whole lists, longest first, without empty ones', () => {
    expect(noEchoValues({ A: 'pw', L: ['x1', 'y22'], E: '', Open: 'visible' }, ['A', 'L', 'E', 'Missing'])).toEqual([
      'x1,y22',
      'y22',
      'pw',
      'x1',
    ]);
  });

  it('masks secrets inside strings and keys, deep in properties, leaving other values alone', () => {
    const properties = {
      UserData: 'user=admin password=hunter2',
      Tags: [{ Key: 'k', Value: 'hunter2' }],
      Count: 3,
      hunter2: true,
    };
    expect(maskSecrets(properties, ['hunter2'])).toEqual({
      UserData: 'user=admin password=****',
      Tags: [{ Key: 'k', Value: '****' }],
      Count: 3,
      '****': true,
    });
    expect(properties.UserData).toContain('hunter2');
    expect(maskSecrets('no secrets', [])).toBe('no secrets');
  });

  it('lists the JSON pointers of strings holding a secret, and masks exactly those', () => {
    const properties = { A: 'x-s3cret', 'a/b': { 'c~d': ['s3cret'] }, B: 'plain' };
    const paths = secretPaths(properties, ['s3cret']);
    expect(paths).toEqual(['/A', '/a~1b/c~0d/0']);
    expect(maskPaths(properties, paths)).toEqual({ A: '****', 'a/b': { 'c~d': ['****'] }, B: 'plain' });
    expect(maskPaths(properties, ['/Nope/1', '/B/x'])).toEqual(properties);
  });
});
