/** ApiErrorCode values (HTTP-ish) that the simulator answers with. */
export const ApiErrorCode = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  API_LIMIT_EXCEED: 429,
  PARAM_ERROR: 431,
  UNSUPPORTED_ACTION_ERROR: 432,
  INTERNAL_ERROR: 530,
  ACCOUNT_ERROR: 531,
  ACCOUNT_RESOURCE_LIMIT_ERROR: 532,
  INSUFFICIENT_CAPACITY_ERROR: 533,
  RESOURCE_ALLOCATION_ERROR: 535,
  RESOURCE_IN_USE_ERROR: 536,
  NETWORK_RULE_CONFLICT_ERROR: 537,
} as const;

/** CSExceptionErrorCode values: which Java exception CloudStack turned into the error. */
export const CsErrorCode = {
  CLOUD_RUNTIME: 4250,
  INSUFFICIENT_CAPACITY: 4325,
  INVALID_PARAMETER_VALUE: 4350,
  NETWORK_RULE_CONFLICT: 4360,
  PERMISSION_DENIED: 4365,
  RESOURCE_ALLOCATION: 4370,
  RESOURCE_IN_USE: 4375,
  ACCOUNT_LIMIT: 4400,
  REQUEST_LIMIT: 4545,
  SERVER_API: 9999,
} as const;

/** BaseCmd.USER_ERROR_MESSAGE: what CloudStack says instead of an internal failure's details. */
export const USER_ERROR_MESSAGE = 'Internal error executing command, please contact your system administrator';

/** An error the simulator reports the way CloudStack does: `{uuidList, errorcode, cserrorcode?, errortext}`. */
export class ApiError extends Error {
  constructor(
    readonly errorcode: number,
    readonly errortext: string,
    readonly cserrorcode?: number,
  ) {
    super(errortext);
  }

  static missingParameter(command: string, name: string): ApiError {
    return new ApiError(
      ApiErrorCode.PARAM_ERROR,
      `Unable to execute API command ${command.toLowerCase()} due to missing parameter ${name}`,
      CsErrorCode.INVALID_PARAMETER_VALUE,
    );
  }

  /** CloudStack's answer for a value it cannot parse or an id it cannot find. */
  static invalidParameterValue(command: string, name: string, value: string): ApiError {
    return new ApiError(
      ApiErrorCode.PARAM_ERROR,
      `Unable to execute API command ${command.toLowerCase()} due to invalid value. Invalid parameter ${name} value=${value}` +
        ' due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.',
      CsErrorCode.INVALID_PARAMETER_VALUE,
    );
  }

  /** InvalidParameterValueException thrown by a command's own checks. */
  static invalidParameter(errortext: string): ApiError {
    return new ApiError(ApiErrorCode.PARAM_ERROR, errortext, CsErrorCode.INVALID_PARAMETER_VALUE);
  }

  static unknownCommand(): ApiError {
    return new ApiError(
      ApiErrorCode.UNSUPPORTED_ACTION_ERROR,
      'The given command does not exist or it is not available for user',
      CsErrorCode.SERVER_API,
    );
  }

  /**
   * The role of the caller's account does not allow the command (DynamicRoleBasedAPIAccessChecker's
   * UnavailableCommandException, which ApiServer answers as a ServerApiException).
   */
  static commandNotAvailable(command: string): ApiError {
    return new ApiError(
      ApiErrorCode.UNSUPPORTED_ACTION_ERROR,
      `The API ${command} does not exist or is not available for this account.`,
      CsErrorCode.SERVER_API,
    );
  }

  static unauthorized(): ApiError {
    return new ApiError(ApiErrorCode.UNAUTHORIZED, 'unable to verify user credentials and/or request signature');
  }

  static internal(errortext: string): ApiError {
    return new ApiError(ApiErrorCode.INTERNAL_ERROR, errortext, CsErrorCode.CLOUD_RUNTIME);
  }

  /** A CloudRuntimeException as ApiServer reports it: 530 without details. */
  static transient(): ApiError {
    return ApiError.internal(USER_ERROR_MESSAGE);
  }

  /** RequestLimitException from ApiRateLimitServiceImpl. */
  static throttled(retryAfterMs: number): ApiError {
    return new ApiError(
      ApiErrorCode.API_LIMIT_EXCEED,
      `The given user has reached his/her account api limit, please retry after ${retryAfterMs} ms.`,
      CsErrorCode.REQUEST_LIMIT,
    );
  }

  /** ResourceAllocationException from ResourceLimitManagerImpl. */
  static resourceLimit(type: string, accountName: string, domainInternalId: number): ApiError {
    return new ApiError(
      ApiErrorCode.RESOURCE_ALLOCATION_ERROR,
      `Maximum number of resources of type '${type}' for account name=${accountName} in domain id=${domainInternalId} has been exceeded.`,
      CsErrorCode.RESOURCE_ALLOCATION,
    );
  }

  /** DeployVMCmd's ServerApiException(INSUFFICIENT_CAPACITY_ERROR) after the planner found no host. */
  static insufficientCapacity(errortext: string): ApiError {
    return new ApiError(ApiErrorCode.INSUFFICIENT_CAPACITY_ERROR, errortext, CsErrorCode.SERVER_API);
  }

  /** PermissionDeniedException: the entity belongs to another account. */
  static permissionDenied(errortext: string): ApiError {
    return new ApiError(ApiErrorCode.ACCOUNT_ERROR, errortext, CsErrorCode.PERMISSION_DENIED);
  }

  /** AccountLimitException, which IpAddressManager throws instead of the generic limit error. */
  static accountLimit(errortext: string): ApiError {
    return new ApiError(ApiErrorCode.ACCOUNT_RESOURCE_LIMIT_ERROR, errortext, CsErrorCode.ACCOUNT_LIMIT);
  }

  static resourceInUse(errortext: string): ApiError {
    return new ApiError(ApiErrorCode.RESOURCE_IN_USE_ERROR, errortext, CsErrorCode.RESOURCE_IN_USE);
  }

  static networkRuleConflict(errortext: string): ApiError {
    return new ApiError(ApiErrorCode.NETWORK_RULE_CONFLICT_ERROR, errortext, CsErrorCode.NETWORK_RULE_CONFLICT);
  }

  toResponse(): Record<string, unknown> {
    return {
      uuidList: [],
      errorcode: this.errorcode,
      ...(this.cserrorcode !== undefined ? { cserrorcode: this.cserrorcode } : {}),
      errortext: this.errortext,
    };
  }
}
