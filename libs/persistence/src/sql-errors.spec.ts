import { isDuplicateKeyError, isLockConflictError, isTransientDatabaseError } from './sql-errors';

describe('SQL error classification', () => {
  it('treats a killed or lost connection and lock conflicts as transient', () => {
    expect(
      isTransientDatabaseError({
        code: 'PROTOCOL_CONNECTION_LOST',
        message: 'Connection lost: The server closed the connection.',
      }),
    ).toBe(true);
    expect(isTransientDatabaseError({ driverError: { code: 'ER_CONNECTION_KILLED', errno: 1927 } })).toBe(true);
    expect(isTransientDatabaseError({ errno: 1213, code: 'ER_LOCK_DEADLOCK' })).toBe(true);
    expect(isTransientDatabaseError(new Error("Can't add new command when connection is in closed state"))).toBe(true);
  });

  it('leaves errors of the statement itself alone', () => {
    expect(isTransientDatabaseError({ code: 'ER_DUP_ENTRY', errno: 1062 })).toBe(false);
    expect(isTransientDatabaseError({ code: 'ER_PARSE_ERROR', errno: 1064 })).toBe(false);
    expect(isTransientDatabaseError(new Error('Unsupported resource type'))).toBe(false);
    expect(isDuplicateKeyError({ code: 'ER_DUP_ENTRY' })).toBe(true);
  });

  it('tells lock conflicts from other transient failures', () => {
    expect(isLockConflictError({ errno: 1213, code: 'ER_LOCK_DEADLOCK' })).toBe(true);
    expect(isLockConflictError({ driverError: { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 } })).toBe(true);
    expect(isLockConflictError({ code: 'PROTOCOL_CONNECTION_LOST' })).toBe(false);
    expect(isLockConflictError({ code: 'ER_DUP_ENTRY', errno: 1062 })).toBe(false);
  });
});
