import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

import { ApiError, ApiErrorCode } from './api-error';
import { writeApiError } from './api-response';
import { CloudStackApiEndpoint } from './cloudstack-api-endpoint';

export const CLOUDSTACK_API_PATH = '/client/api';

/** userdata may reach 1 MB of Base64 in CloudStack when POSTed; leave room for the other parameters. */
export const FORM_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * Serves `/client/api` on the HTTP server ahead of the web framework, which keeps everything else (the operator's
 * `/simulator/...` endpoints, the metadata service).
 *
 * The simulator stands for a cloud on other machines, yet here it shares the CPU with the services under test.
 * Express's router, body parsers and Nest's handler plumbing took a sixth of its time per API call during a burst
 * of deploys; CloudStack's own servlet is as direct as this.
 */
export function serveCloudStackApiAhead(server: Server, endpoint: CloudStackApiEndpoint): void {
  const framework = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    if (path !== CLOUDSTACK_API_PATH || (req.method !== 'GET' && req.method !== 'POST')) {
      for (const listener of framework) listener.call(server, req, res);
      return;
    }
    const rawQuery = queryAt < 0 ? '' : url.slice(queryAt + 1);
    void readFormBody(req).then(
      (formBody) => endpoint.handle({ method: req.method!, rawQuery, formBody }, res),
      (error: Error) => {
        writeApiError(res, undefined, new ApiError(ApiErrorCode.BAD_REQUEST, error.message));
      },
    );
  });
}

/** The body of a form POST as sent (other bodies are not read: CloudStack takes parameters from forms only). */
async function readFormBody(req: IncomingMessage): Promise<string | undefined> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (req.method !== 'POST' || type !== 'application/x-www-form-urlencoded') {
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_BODY_LIMIT_BYTES) {
      req.resume();
      throw new Error(`request body larger than ${FORM_BODY_LIMIT_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
