import { createHmac } from 'node:crypto';

import { canonicalQueryString, javaUrlEncode, signCloudStackRequest, verifyCloudStackSignature } from './signature';

describe('CloudStack request signature', () => {
  const vector = { apiKey: 'foo', command: 'listVirtualMachines', listall: 'true', response: 'json' };

  it('matches the reference vector (key foo / secret bar)', () => {
    expect(canonicalQueryString(vector)).toBe('apikey=foo&command=listvirtualmachines&listall=true&response=json');
    expect(signCloudStackRequest(vector, 'bar')).toBe('B0d6hBsZTcFVCiioSxzwKA9Pke8=');
  });

  it('does not depend on insertion order and ignores the signature parameter', () => {
    const shuffled = {
      response: 'json',
      listall: 'true',
      signature: 'x',
      command: 'listVirtualMachines',
      apiKey: 'foo',
    };
    expect(signCloudStackRequest(shuffled, 'bar')).toBe('B0d6hBsZTcFVCiioSxzwKA9Pke8=');
  });

  it('sorts names case-sensitively (upper case first) before lowercasing', () => {
    expect(canonicalQueryString({ b: '1', Z: '2', a: '3' })).toBe('z=2&a=3&b=1');
  });

  it('encodes values like java.net.URLEncoder with %20 for spaces', () => {
    expect(javaUrlEncode("a b*c~d!e'f(g)h+i/j=k&l")).toBe('a%20b*c%7Ed%21e%27f%28g%29h%2Bi%2Fj%3Dk%26l');
    expect(javaUrlEncode('é')).toBe('%C3%A9');
    expect(canonicalQueryString({ name: 'My VM', 'tags[0].key': 'Stack~Id' })).toBe(
      'name=my%20vm&tags[0].key=stack%7eid',
    );
  });

  it('signs the lowercased canonical string with HMAC-SHA1', () => {
    const params = { apiKey: 'K', command: 'deployVirtualMachine', name: 'Web 1' };
    const expected = createHmac('sha1', 'S')
      .update('apikey=k&command=deployvirtualmachine&name=web%201')
      .digest('base64');
    expect(signCloudStackRequest(params, 'S')).toBe(expected);
  });

  it('verifies in constant time and rejects tampering', () => {
    const sig = signCloudStackRequest(vector, 'bar');
    expect(verifyCloudStackSignature(vector, 'bar', sig)).toBe(true);
    expect(verifyCloudStackSignature({ ...vector, listall: 'false' }, 'bar', sig)).toBe(false);
    expect(verifyCloudStackSignature(vector, 'baz', sig)).toBe(false);
    expect(verifyCloudStackSignature(vector, 'bar', sig.slice(1))).toBe(false);
    expect(verifyCloudStackSignature(vector, 'bar', '')).toBe(false);
  });
});
