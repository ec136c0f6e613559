import * as errors from './aws-error';

describe('AWS error factories', () => {
  it.each([
    [errors.validationError('m'), 'ValidationError', 400],
    [errors.alreadyExists('m'), 'AlreadyExistsException', 400],
    [errors.limitExceeded('m'), 'LimitExceededException', 400],
    [errors.insufficientCapabilities('m'), 'InsufficientCapabilitiesException', 400],
    [errors.tokenAlreadyExists('m'), 'TokenAlreadyExistsException', 400],
    [errors.changeSetNotFound('m'), 'ChangeSetNotFound', 404],
    [errors.stackNotFound('m'), 'StackNotFoundException', 404],
    [errors.invalidChangeSetStatus('m'), 'InvalidChangeSetStatus', 400],
    [errors.staleRequest('m'), 'StaleRequestException', 409],
    [errors.concurrentResourcesLimitExceeded('m'), 'ConcurrentResourcesLimitExceeded', 429],
    [errors.signatureDoesNotMatch(), 'SignatureDoesNotMatch', 403],
    [errors.invalidClientTokenId(), 'InvalidClientTokenId', 403],
    [errors.incompleteSignature('m'), 'IncompleteSignature', 403],
    [errors.missingAuthenticationToken(), 'MissingAuthenticationToken', 403],
    [errors.invalidAction('X'), 'InvalidAction', 400],
    [errors.missingAction(), 'MissingAction', 400],
  ])('%#: %p is a Sender error with the AWS code and status', (error, code, status) => {
    expect(error).toBeInstanceOf(errors.AwsError);
    expect(error).toBeInstanceOf(Error);
    expect([error.code, error.httpStatus, error.type]).toEqual([code, status, 'Sender']);
  });

  it('reports internal failures as Receiver 500 and hides foreign errors behind them', () => {
    const failure = errors.toAwsError(new Error('secret internals'));
    expect([failure.code, failure.httpStatus, failure.type]).toEqual(['InternalFailure', 500, 'Receiver']);
    expect(failure.message).not.toContain('secret');
    const own = errors.validationError('kept');
    expect(errors.toAwsError(own)).toBe(own);
  });
});
