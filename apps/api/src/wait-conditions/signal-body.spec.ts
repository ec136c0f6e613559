import { parseSignal, SignalRejected } from './signal-body';

describe('wait condition signal bodies', () => {
  it('reads what cfn-signal sends', () => {
    const body = Buffer.from(
      JSON.stringify({ Status: 'SUCCESS', Reason: 'Configuration Complete', UniqueId: 'i-1', Data: 'ready' }),
    );
    expect(parseSignal(body)).toEqual({
      status: 'SUCCESS',
      reason: 'Configuration Complete',
      uniqueId: 'i-1',
      data: 'ready',
    });
  });

  it('refuses bodies that are not a signal', () => {
    for (const body of ['not json', '[]', '{"Status":"MAYBE","UniqueId":"a"}', '{"Status":"SUCCESS"}']) {
      expect(() => parseSignal(Buffer.from(body))).toThrow(SignalRejected);
    }
  });
});
