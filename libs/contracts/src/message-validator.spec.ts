import { randomUUID } from 'node:crypto';

import { ResourceCreateSucceeded, StackDeleteRequested } from './index';
import { InvalidMessageError, MessageValidator } from './message-validator';

describe('MessageValidator', () => {
  const validator = new MessageValidator();

  it('accepts a body that matches its contract', () => {
    expect(() =>
      validator.assertValid(StackDeleteRequested.routingKey, {
        stackId: randomUUID(),
        requestedAt: new Date().toISOString(),
      }),
    ).not.toThrow();
  });

  it('names what is wrong with a body that breaks its contract', () => {
    expect(() =>
      validator.assertValid(ResourceCreateSucceeded.routingKey, { stackId: 'not-a-uuid', logicalId: 'Web' }),
    ).toThrow(/operationId|physicalId|stackId/);
  });

  it('refuses a routing key no contract declares', () => {
    expect(() => validator.assertValid('stack.explode.v9', {})).toThrow(InvalidMessageError);
  });
});
