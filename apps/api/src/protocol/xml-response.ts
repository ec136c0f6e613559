import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

import { AwsError } from './aws-error';

export const CFN_XML_NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

/** Header AWS sends the request id in; the JS SDK v3 reads `$metadata.requestId` from it, botocore too. */
export const REQUEST_ID_HEADER = 'x-amzn-RequestId';
export const XML_CONTENT_TYPE = 'text/xml';

// XML 1.0 cannot carry these code points even as character references; an SDK's parser would reject the
// whole response, so they are replaced rather than emitted.
// eslint-disable-next-line no-control-regex -- tab, line feed and carriage return are what XML allows, so they are named.
const INVALID_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const toText = (value: string): string => value.replace(INVALID_XML_CHARS, '\uFFFD');

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return toText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

/**
 * Appends `value` as the content of `parent`:
 * arrays -> `<member>` children (awsQuery non-flattened lists), Map -> `<entry><key/><value/></entry>`
 * (awsQuery maps), plain objects -> one child element per non-null property, scalars -> text.
 */
function appendValue(parent: XMLBuilder, value: unknown): void {
  const text = scalarText(value);
  if (text !== undefined) {
    if (text !== '') parent.txt(text);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item === null || item === undefined) continue;
      appendValue(parent.ele('member'), item);
    }
    return;
  }
  if (value instanceof Map) {
    for (const [key, item] of value) {
      if (item === null || item === undefined) continue;
      const entry = parent.ele('entry');
      appendValue(entry.ele('key'), String(key));
      appendValue(entry.ele('value'), item);
    }
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null || item === undefined) continue;
      appendValue(parent.ele(key), item);
    }
    return;
  }
  throw new TypeError(`Cannot render a ${typeof value} in an awsQuery response`);
}

function newDocument(rootName: string): { doc: XMLBuilder; root: XMLBuilder } {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  return { doc, root: doc.ele(CFN_XML_NAMESPACE, rootName) };
}

/**
 * Renders a successful awsQuery response. `result` undefined means the operation has no output shape
 * (DeleteStack, CancelUpdateStack, SignalResource): AWS then sends no `<{Action}Result>` element at all,
 * whereas an empty output shape (ExecuteChangeSet) is an empty `<{Action}Result/>`.
 */
export function renderQueryResult(
  action: string,
  result: Record<string, unknown> | undefined,
  requestId: string,
): string {
  const { doc, root } = newDocument(`${action}Response`);
  if (result !== undefined) appendValue(root.ele(`${action}Result`), result);
  root.ele('ResponseMetadata').ele('RequestId').txt(requestId);
  return doc.end();
}

/** Renders `<ErrorResponse>` exactly as AWS Query services do; send it with `error.httpStatus`. */
export function renderErrorResponse(error: AwsError, requestId: string): string {
  const { doc, root } = newDocument('ErrorResponse');
  const body = root.ele('Error');
  body.ele('Type').txt(error.type);
  body.ele('Code').txt(error.code);
  appendValue(body.ele('Message'), error.message);
  root.ele('RequestId').txt(requestId);
  return doc.end();
}
