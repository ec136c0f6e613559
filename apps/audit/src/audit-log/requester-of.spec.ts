import { requesterOf } from './requester-of';

describe('requesterOf', () => {
  it('names the CloudStack user, account and domain of a request', () => {
    expect(
      requesterOf({ stackId: 'x', requestedBy: { userName: 'alice', accountName: 'team-a', domainPath: 'ROOT/eng' } }),
    ).toBe('alice@team-a (ROOT/eng)');
    expect(requesterOf({ requestedBy: { userName: 'AKIDOPS', accountName: 'default' } })).toBe('AKIDOPS@default');
  });

  it('is null for messages without a requester', () => {
    expect(requesterOf({ stackId: 'x' })).toBeNull();
    expect(requesterOf('text')).toBeNull();
    expect(requesterOf({ requestedBy: { userName: 3 } })).toBeNull();
  });
});
