import { readClientRequestToken } from './client-request-token';

describe('readClientRequestToken', () => {
  it('accepts what AWS accepts and reports the rest in its words', () => {
    expect(readClientRequestToken({})).toBeUndefined();
    expect(readClientRequestToken({ ClientRequestToken: 'Console-CreateStack-7f59c3cf-00d2-40c7' })).toBe(
      'Console-CreateStack-7f59c3cf-00d2-40c7',
    );
    expect(() => readClientRequestToken({ ClientRequestToken: 'bad token' })).toThrow(
      "1 validation error detected: Value 'bad token' at 'clientRequestToken' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*',
    );
    expect(() => readClientRequestToken({ ClientRequestToken: 'a'.repeat(129) })).toThrow(
      'Member must have length less than or equal to 128',
    );
  });
});
