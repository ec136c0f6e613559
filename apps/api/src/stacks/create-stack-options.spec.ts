import { AwsError } from '../protocol';
import { lifecycleMessageFields, readCreateStackOptions } from './create-stack-options';

const messageOf = (params: Record<string, string>) => {
  try {
    readCreateStackOptions(params);
  } catch (error) {
    return (error as AwsError).message;
  }
  return null;
};

describe('CreateStack life-cycle options', () => {
  it('defaults to roll back, no timeout', () => {
    expect(readCreateStackOptions({})).toEqual({
      onFailure: 'ROLLBACK',
      disableRollback: false,
      timeoutInMinutes: undefined,
    });
  });

  it('reads DisableRollback as OnFailure DO_NOTHING and OnFailure as given', () => {
    expect(readCreateStackOptions({ DisableRollback: 'true' })).toMatchObject({
      onFailure: 'DO_NOTHING',
      disableRollback: true,
    });
    expect(readCreateStackOptions({ DisableRollback: 'false' })).toMatchObject({
      onFailure: 'ROLLBACK',
      disableRollback: false,
    });
    expect(readCreateStackOptions({ OnFailure: 'DO_NOTHING' })).toMatchObject({
      onFailure: 'DO_NOTHING',
      disableRollback: true,
    });
    expect(readCreateStackOptions({ OnFailure: 'DELETE', TimeoutInMinutes: '5' })).toEqual({
      onFailure: 'DELETE',
      disableRollback: false,
      timeoutInMinutes: 5,
    });
  });

  it('refuses what AWS refuses, in its words', () => {
    expect(messageOf({ OnFailure: 'ROLLBACK', DisableRollback: 'false' })).toBe(
      'Either DisableRollback or OnFailure can be specified, not both.',
    );
    expect(messageOf({ OnFailure: 'rollback' })).toBe(
      "1 validation error detected: Value 'rollback' at 'onFailure' failed to " +
        'satisfy constraint: Member must satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]',
    );
    expect(messageOf({ TimeoutInMinutes: '0' })).toBe(
      "1 validation error detected: Value '0' at 'timeoutInMinutes' failed to " +
        'satisfy constraint: Member must have value greater than or equal to 1',
    );
  });

  it('carries the options and the token on to the pipeline', () => {
    expect(
      lifecycleMessageFields({ onFailure: 'DELETE', disableRollback: false, timeoutInMinutes: 3 }, 'tok-1'),
    ).toEqual({ onFailure: 'DELETE', timeoutInMinutes: 3, clientRequestToken: 'tok-1' });
    expect(lifecycleMessageFields({ onFailure: 'ROLLBACK', disableRollback: false }, null)).toEqual({
      onFailure: 'ROLLBACK',
    });
  });
});
