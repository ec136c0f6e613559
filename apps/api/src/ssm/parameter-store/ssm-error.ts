/** An error SSM's JSON protocol reports: `{"__type": code, "message": ...}` with the HTTP status. */
export class SsmError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** AWS's wording for a request field that breaks a constraint ("1 validation error detected: ..."). */
export function validationError(detail: string): SsmError {
  return new SsmError('ValidationException', `1 validation error detected: ${detail}`);
}

export const parameterNotFound = (name?: string): SsmError =>
  new SsmError('ParameterNotFound', name ? `Parameter ${name} not found.` : '');

export const invalidNextToken = (): SsmError => new SsmError('InvalidNextToken', 'The nextToken is not valid.');

export const parameterAlreadyExists = (): SsmError =>
  new SsmError(
    'ParameterAlreadyExists',
    'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
  );
