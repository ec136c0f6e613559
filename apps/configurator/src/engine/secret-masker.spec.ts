import { MASK, SecretMasker } from './secret-masker';

describe('SecretMasker', () => {
  it('masks the values of secret parameters, and only those', () => {
    const masker = SecretMasker.forParameters({ DbPassword: 's3cr3t!', Size: 'small', Keys: ['k-one', 'k-two'] }, [
      'DbPassword',
      'Keys',
    ]);
    expect(masker.mask('password=s3cr3t! size=small keys=k-one,k-two')).toBe(
      `password=${MASK} size=small keys=${MASK}`,
    );
  });

  it('masks a secret that appears escaped inside JSON', () => {
    const masker = new SecretMasker(['pa"ss']);
    expect(masker.mask(JSON.stringify({ password: 'pa"ss' }))).toBe(`{"password":"${MASK}"}`);
  });

  it('masks the longer of two overlapping secrets whole', () => {
    const masker = new SecretMasker(['abc', 'abcdef']);
    expect(masker.mask('xabcdefx abc')).toBe(`x${MASK}x ${MASK}`);
  });

  it('masks each line of a multi-line secret such as a private key', () => {
    const key = '-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ\n-----END KEY-----';
    expect(new SecretMasker([key]).mask('leaked: AAAAB3NzaC1yc2EAAAADAQABAAABAQ')).toBe(`leaked: ${MASK}`);
  });

  it('masks strings deep inside objects and ignores empty secrets', () => {
    const masker = new SecretMasker(['', 'hunter2']);
    expect(masker.maskDeep({ a: ['hunter2', 1], b: { c: 'x hunter2' } })).toEqual({
      a: [MASK, 1],
      b: { c: `x ${MASK}` },
    });
    expect(masker.mask('nothing here')).toBe('nothing here');
  });
});
