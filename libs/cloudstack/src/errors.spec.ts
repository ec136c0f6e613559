import { CloudStackApiError, CloudStackAsyncJobError, CloudStackTransportError, isRetryable } from './errors';

describe('isRetryable', () => {
  it.each([429, 530, 502, 503, 504])('retries errorcode %d', (code) => {
    expect(isRetryable(new CloudStackApiError('listZones', code, 'x'))).toBe(true);
  });

  it.each([401, 405, 431, 432, 531, 533, 534, 536])('does not retry errorcode %d', (code) => {
    expect(isRetryable(new CloudStackApiError('listZones', code, 'x'))).toBe(false);
  });

  it('retries network failures and timeouts, not failed jobs or other errors', () => {
    expect(isRetryable(new CloudStackTransportError('listZones', true, new Error('timeout')))).toBe(true);
    expect(isRetryable(new CloudStackTransportError('listZones', false, new Error('ECONNRESET')))).toBe(true);
    expect(isRetryable(new CloudStackAsyncJobError('j', 530, 'boom'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });
});
