/** ApiErrorCode values (HTTP-ish) that the simulator answers with. */
export const ApiErrorCode = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PARAM_ERROR: 431,
  UNSUPPORTED_ACTION_ERROR: 432,
  INTERNAL_ERROR: 530,
} as const;

/** CSExceptionErrorCode values: which Java exception CloudStack turned into the error. */
export const CsErrorCode = {
  INVALID_PARAMETER_VALUE: 4350,
  CLOUD_RUNTIME: 4250,
  SERVER_API: 9999,
} as const;

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

  static unauthorized(): ApiError {
    return new ApiError(ApiErrorCode.UNAUTHORIZED, 'unable to verify user credentials and/or request signature');
  }

  static internal(errortext: string): ApiError {
    return new ApiError(ApiErrorCode.INTERNAL_ERROR, errortext, CsErrorCode.CLOUD_RUNTIME);
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
