import { Response } from 'express';
import { ApiError } from './api-error';

/** Gson's content type in CloudStack's ApiServer. */
const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** The key CloudStack wraps every answer in; `errorresponse` when no command was given. */
export const responseKey = (command: string | undefined) => `${command ? command.toLowerCase() : 'error'}response`;

export function writeApiResult(res: Response, command: string, result: unknown): number {
  res.status(200).set('Content-Type', JSON_CONTENT_TYPE).send(JSON.stringify({ [responseKey(command)]: result ?? {} }));
  return 200;
}

export function writeApiError(res: Response, command: string | undefined, error: ApiError): number {
  res
    .status(error.errorcode)
    .set('Content-Type', JSON_CONTENT_TYPE)
    // Header values must be printable ASCII; the body keeps the exact text.
    .set('X-Description', error.errortext.replace(/[^\x20-\x7e]/g, '?'))
    .send(JSON.stringify({ [responseKey(command)]: error.toResponse() }));
  return error.errorcode;
}
