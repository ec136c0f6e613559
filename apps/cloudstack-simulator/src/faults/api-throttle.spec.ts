import { ApiThrottle } from './api-throttle';

describe('ApiThrottle', () => {
  it('admits max calls per interval and account, then says how long to wait', () => {
    const throttle = new ApiThrottle({ max: 2, intervalSeconds: 1 });
    expect(throttle.admit('a', 1000)).toBeUndefined();
    expect(throttle.admit('a', 1100)).toBeUndefined();
    expect(throttle.admit('a', 1200)).toBe(800);
    expect(throttle.admit('b', 1200)).toBeUndefined();
    expect(throttle.admit('a', 2000)).toBeUndefined();
  });

  it('admits everything without settings', () => {
    const throttle = new ApiThrottle(undefined);
    for (let i = 0; i < 100; i++) expect(throttle.admit('a')).toBeUndefined();
  });
});
