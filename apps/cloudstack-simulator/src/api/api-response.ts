import type { ServerResponse } from 'node:http';

import { ApiError } from './api-error';

/** Gson's content type in CloudStack's ApiServer. */
const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** The key CloudStack wraps every answer in; `errorresponse` when no command was given. */
export const responseKey = (command: string | undefined) => `${command ? command.toLowerCase() : 'error'}response`;

export function writeApiResult(res: ServerResponse, command: string, result: unknown): number {
  writeJson(res, 200, JSON.stringify({ [responseKey(command)]: result ?? {} }));
  return 200;
}

export function writeApiError(res: ServerResponse, command: string | undefined, error: ApiError): number {
  // Header values must be printable ASCII; the body keeps the exact text.
  res.setHeader('X-Description', error.errortext.replace(/[^\x20-\x7e]/g, '?'));
  writeJson(res, error.errorcode, JSON.stringify({ [responseKey(command)]: error.toResponse() }));
  return error.errorcode;
}

/**
 * The body as it is, without Express's `send`: CloudStack's servlet sets no ETag, and hashing every answer for one
 * (a listing of a thousand jobs is a megabyte) is work a busy simulator need not do.
 */
function writeJson(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
