export type AwsErrorType = 'Sender' | 'Receiver';

/**
 * An error that is reported to the client as an awsQuery `<ErrorResponse>`.
 * `code` is the wire code the SDKs map to their exception classes (botocore
 * `service-2.json` `error.code`), so it must match AWS exactly.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly type: AwsErrorType;

  constructor(code: string, message: string, httpStatus = 400, type: AwsErrorType = 'Sender') {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.httpStatus = httpStatus;
    this.type = type;
  }

  static isAwsError(value: unknown): value is AwsError {
    return value instanceof AwsError;
  }
}

export const CFN_API_VERSION = '2010-05-15';

export const validationError = (message: string): AwsError => new AwsError('ValidationError', message, 400);

export const alreadyExists = (message: string): AwsError => new AwsError('AlreadyExistsException', message, 400);

export const limitExceeded = (message: string): AwsError => new AwsError('LimitExceededException', message, 400);

export const insufficientCapabilities = (message: string): AwsError =>
  new AwsError('InsufficientCapabilitiesException', message, 400);

export const tokenAlreadyExists = (message: string): AwsError =>
  new AwsError('TokenAlreadyExistsException', message, 400);

/** Wire code is `ChangeSetNotFound` (shape ChangeSetNotFoundException), HTTP 404. */
export const changeSetNotFound = (message: string): AwsError => new AwsError('ChangeSetNotFound', message, 404);

export const stackNotFound = (message: string): AwsError => new AwsError('StackNotFoundException', message, 404);

/** Wire code is `InvalidChangeSetStatus` (shape InvalidChangeSetStatusException), HTTP 400. */
export const invalidChangeSetStatus = (message: string): AwsError =>
  new AwsError('InvalidChangeSetStatus', message, 400);

export const staleRequest = (message: string): AwsError => new AwsError('StaleRequestException', message, 409);

/**
 * AWS's answer to a caller over its request rate: `Throttling`, "Rate exceeded", HTTP 400, Sender. The AWS SDKs
 * (botocore's ThrottledRetryableChecker, the JS SDK's THROTTLING_ERROR_CODES) retry this code with backoff.
 */
export const throttling = (message = 'Rate exceeded'): AwsError => new AwsError('Throttling', message, 400, 'Sender');

export const concurrentResourcesLimitExceeded = (message: string): AwsError =>
  new AwsError('ConcurrentResourcesLimitExceeded', message, 429);

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export const signatureDoesNotMatch = (message: string = SIGNATURE_MISMATCH_MESSAGE): AwsError =>
  new AwsError('SignatureDoesNotMatch', message, 403);

export const invalidClientTokenId = (message = 'The security token included in the request is invalid.'): AwsError =>
  new AwsError('InvalidClientTokenId', message, 403);

export const incompleteSignature = (message: string): AwsError => new AwsError('IncompleteSignature', message, 403);

export const missingAuthenticationToken = (message = 'Request is missing Authentication Token'): AwsError =>
  new AwsError('MissingAuthenticationToken', message, 403);

export const invalidAction = (action: string, version: string = CFN_API_VERSION): AwsError =>
  new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400);

export const missingAction = (message = 'Missing Action'): AwsError => new AwsError('MissingAction', message, 400);

export const internalFailure = (
  message = 'The request processing has failed because of an unknown error, exception or failure.',
): AwsError => new AwsError('InternalFailure', message, 500, 'Receiver');

/** Anything that is not already an AwsError becomes a 500 InternalFailure, so internals never leak to clients. */
export const toAwsError = (error: unknown): AwsError => (error instanceof AwsError ? error : internalFailure());
