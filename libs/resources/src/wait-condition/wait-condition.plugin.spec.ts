import { waitConditionSettings } from './wait-condition.plugin';

describe('AWS::CloudFormation::WaitCondition settings', () => {
  const handle = 'http://127.0.0.1:8000/waitcondition/0b6c5f8e-3c1e-4a5e-9a53-6d0c7f2a1b11/WebReady?Signature=abc';

  it('reads the handle, the count (default 1) and the timeout', () => {
    expect(waitConditionSettings({ Handle: handle, Timeout: '300' })).toEqual({
      handleLogicalId: 'WebReady',
      count: 1,
      timeoutSeconds: 300,
    });
    expect(waitConditionSettings({ Handle: handle, Timeout: 60, Count: '3' }).count).toBe(3);
  });

  it("refuses a handle that is not ours and timeouts beyond AWS's 12 hours", () => {
    expect(() => waitConditionSettings({ Handle: 'https://example.org/x', Timeout: '60' })).toThrow(
      /not the URL of a wait condition handle/,
    );
    expect(() => waitConditionSettings({ Handle: handle, Timeout: '43201' })).toThrow(/Timeout/);
    expect(() => waitConditionSettings({ Handle: handle, Timeout: '60', Count: '0' })).toThrow(/Count/);
  });
});
