import { QueryParams, readString, validationError } from '../protocol';

/** AWS's constraint on ClientRequestToken (every mutating CloudFormation action). */
const TOKEN = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;

/** The request's ClientRequestToken, checked as AWS checks it; undefined when not sent. */
export function readClientRequestToken(params: QueryParams): string | undefined {
  const token = readString(params, 'ClientRequestToken');
  if (token === undefined) return undefined;
  if (token.length < 1 || token.length > 128) {
    throw validationError(
      `1 validation error detected: Value '${token}' at 'clientRequestToken' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 128',
    );
  }
  if (!TOKEN.test(token)) {
    throw validationError(
      `1 validation error detected: Value '${token}' at 'clientRequestToken' failed to satisfy constraint: ` +
        'Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*',
    );
  }
  return token;
}
