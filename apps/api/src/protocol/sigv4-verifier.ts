import { createHash, timingSafeEqual } from 'node:crypto';

import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';

import {
  AwsError,
  incompleteSignature,
  internalFailure,
  invalidClientTokenId,
  missingAuthenticationToken,
  signatureDoesNotMatch,
} from './aws-error';

export interface SigV4Request {
  method: string;
  /** Raw (still percent-encoded) path without the query string, e.g. `/`. */
  path: string;
  /** Decoded query parameters (see `splitRequestUrl`). */
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface VerifiedSignature {
  accessKeyId: string;
  /** Whatever region the client put in its credential scope; CloudStack has no AWS regions. */
  region: string;
  service: string;
  signedAt: Date;
  /** X-Amz-Security-Token when the client sent one (it is covered by the signature only if the client signed it). */
  sessionToken?: string;
}

export interface VerifySigV4Options {
  now?: Date;
  /** Allowed clock difference between client and server; AWS allows 15 minutes. */
  maxSkewMs?: number;
  /** Service name required in the credential scope. */
  service?: string;
}

export type SecretLookup = (accessKeyId: string) => Promise<string | undefined>;

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SCOPE_TERMINATOR = 'aws4_request';
const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_EXPIRES_SECONDS = 7 * 24 * 60 * 60;
const PRESIGN_PARAMS = {
  algorithm: 'X-Amz-Algorithm',
  credential: 'X-Amz-Credential',
  date: 'X-Amz-Date',
  expires: 'X-Amz-Expires',
  signedHeaders: 'X-Amz-SignedHeaders',
  signature: 'X-Amz-Signature',
  token: 'X-Amz-Security-Token',
} as const;

/** Splits a raw request URL (`req.originalUrl`) into the path and decoded query that `verifySigV4` expects. */
export function splitRequestUrl(rawUrl: string): { path: string; query: Record<string, string | string[]> } {
  const queryStart = rawUrl.indexOf('?');
  const path = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
  const query: Record<string, string | string[]> = Object.create(null);
  if (queryStart >= 0) {
    for (const [key, value] of new URLSearchParams(rawUrl.slice(queryStart + 1))) {
      const previous = query[key];
      query[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    }
  }
  return { path: path || '/', query };
}

interface ParsedSignature {
  accessKeyId: string;
  shortDate: string;
  region: string;
  terminator: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  signedAt: Date;
  longDate: string;
  sessionToken?: string;
  presignExpiresSeconds?: number;
}

/**
 * Verifies an AWS Signature Version 4 request (Authorization header or presigned query string) by
 * recomputing the signature with @smithy/signature-v4 over exactly the headers the client signed.
 * Only ever throws AwsError.
 */
export async function verifySigV4(
  request: SigV4Request,
  lookupSecret: SecretLookup,
  options: VerifySigV4Options = {},
): Promise<VerifiedSignature> {
  try {
    return await verify(request, lookupSecret, options);
  } catch (error) {
    throw error instanceof AwsError ? error : internalFailure();
  }
}

async function verify(
  request: SigV4Request,
  lookupSecret: SecretLookup,
  options: VerifySigV4Options,
): Promise<VerifiedSignature> {
  const headers = lowerCaseHeaders(request.headers);
  const query = request.query ?? {};
  const authorization = headers.get('authorization');
  const presigned = [PRESIGN_PARAMS.algorithm, PRESIGN_PARAMS.credential, PRESIGN_PARAMS.signature].some(
    (name) => queryValue(query, name) !== undefined,
  );
  let parsed: ParsedSignature;
  if (authorization !== undefined) parsed = parseAuthorizationHeader(authorization, headers);
  else if (presigned) parsed = parsePresignedQuery(query);
  else throw missingAuthenticationToken();

  const expectedService = options.service ?? 'cloudformation';
  checkScope(parsed, expectedService);
  checkClock(parsed, options.now ?? new Date(), options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS);

  const secretAccessKey = await lookupSecret(parsed.accessKeyId);
  if (secretAccessKey === undefined) throw invalidClientTokenId();

  const signedHeaderValues: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = headers.get(name);
    if (value === undefined) throw signatureDoesNotMatch();
    signedHeaderValues[name] = value;
  }
  checkContentSha256(signedHeaderValues['x-amz-content-sha256'], request.body);

  const signer = new SignatureV4({
    credentials: { accessKeyId: parsed.accessKeyId, secretAccessKey },
    region: parsed.region,
    service: parsed.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signedHeaderSet = new Set(parsed.signedHeaders);
  const expected =
    parsed.presignExpiresSeconds === undefined
      ? await expectedHeaderSignature(signer, request, signedHeaderValues, signedHeaderSet, parsed)
      : await expectedPresignedSignature(signer, request, signedHeaderValues, signedHeaderSet, parsed);

  if (!constantTimeEqual(expected, parsed.signature)) throw signatureDoesNotMatch();
  return {
    accessKeyId: parsed.accessKeyId,
    region: parsed.region,
    service: parsed.service,
    signedAt: parsed.signedAt,
    ...(parsed.sessionToken !== undefined ? { sessionToken: parsed.sessionToken } : {}),
  };
}

async function expectedHeaderSignature(
  signer: SignatureV4,
  request: SigV4Request,
  signedHeaderValues: Record<string, string>,
  signedHeaderSet: Set<string>,
  parsed: ParsedSignature,
): Promise<string> {
  const signed = await signer.sign(toHttpRequest(request, signedHeaderValues), {
    signingDate: parsed.signedAt,
    signableHeaders: signedHeaderSet,
  });
  const match = /Signature=([0-9a-f]+)$/.exec(String(signed.headers.authorization ?? ''));
  if (!match) throw internalFailure();
  return match[1];
}

async function expectedPresignedSignature(
  signer: SignatureV4,
  request: SigV4Request,
  signedHeaderValues: Record<string, string>,
  signedHeaderSet: Set<string>,
  parsed: ParsedSignature,
): Promise<string> {
  // The signer re-adds the auth parameters it owns; everything else (including X-Amz-Security-Token)
  // stays in the canonical query exactly as the client sent it.
  const owned = new Set<string>([
    PRESIGN_PARAMS.algorithm,
    PRESIGN_PARAMS.credential,
    PRESIGN_PARAMS.date,
    PRESIGN_PARAMS.expires,
    PRESIGN_PARAMS.signedHeaders,
    PRESIGN_PARAMS.signature,
  ]);
  const httpRequest = toHttpRequest(request, signedHeaderValues);
  httpRequest.query = Object.fromEntries(Object.entries(request.query).filter(([key]) => !owned.has(key)));
  const presigned = await signer.presign(httpRequest, {
    signingDate: parsed.signedAt,
    expiresIn: parsed.presignExpiresSeconds,
    signableHeaders: signedHeaderSet,
    unhoistableHeaders: signedHeaderSet,
  });
  const signature = presigned.query?.[PRESIGN_PARAMS.signature];
  if (typeof signature !== 'string') throw internalFailure();
  return signature;
}

// Only method, path, query, the signed headers and the body enter the canonical request; hostname and
// protocol are required by the HttpRequest type but never signed.
function toHttpRequest(request: SigV4Request, headers: Record<string, string>): HttpRequest {
  return {
    method: request.method.toUpperCase(),
    protocol: 'https:',
    hostname: headers.host,
    path: request.path || '/',
    query: { ...request.query },
    headers: { ...headers },
    body: request.body,
  };
}

function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Map<string, string> {
  const result = new Map<string, string>();
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result.set(name.toLowerCase(), Array.isArray(value) ? value.join(',') : value);
  }
  return result;
}

function queryValue(query: Record<string, string | string[]>, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(query, name)) return undefined;
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseAuthorizationHeader(authorization: string, headers: Map<string, string>): ParsedSignature {
  const trimmed = authorization.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'. Authorization=${authorization}`);
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const problems: string[] = [];
  for (const required of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!fields.get(required)) problems.push(`Authorization header requires '${required}' parameter.`);
  }
  const amzDate = headers.get('x-amz-date');
  if (amzDate === undefined) problems.push("Authorization header requires existence of a 'X-Amz-Date' header.");
  if (problems.length > 0) throw incompleteSignature(`${problems.join(' ')} Authorization=${authorization}`);

  return {
    ...parseCredential(fields.get('Credential') as string),
    ...parseAmzDate(amzDate as string),
    signedHeaders: parseSignedHeaders(fields.get('SignedHeaders') as string),
    signature: fields.get('Signature') as string,
    sessionToken: headers.get('x-amz-security-token'),
  };
}

function parsePresignedQuery(query: Record<string, string | string[]>): ParsedSignature {
  const required = [
    PRESIGN_PARAMS.algorithm,
    PRESIGN_PARAMS.credential,
    PRESIGN_PARAMS.signature,
    PRESIGN_PARAMS.date,
    PRESIGN_PARAMS.signedHeaders,
    PRESIGN_PARAMS.expires,
  ];
  if (required.some((name) => !queryValue(query, name))) {
    throw incompleteSignature(
      `AWS query-string parameters must include ${required.map((name) => `'${name}'`).join(', ')}. ` +
        'Re-examine the query-string parameters.',
    );
  }
  const algorithm = queryValue(query, PRESIGN_PARAMS.algorithm) as string;
  if (algorithm !== ALGORITHM) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  }
  const expires = queryValue(query, PRESIGN_PARAMS.expires) as string;
  const expiresSeconds = Number(expires);
  if (!/^[0-9]+$/.test(expires) || expiresSeconds < 1 || expiresSeconds > MAX_PRESIGN_EXPIRES_SECONDS) {
    throw incompleteSignature(
      `X-Amz-Expires must be a number of seconds between 1 and ${MAX_PRESIGN_EXPIRES_SECONDS}, got '${expires}'.`,
    );
  }
  return {
    ...parseCredential(queryValue(query, PRESIGN_PARAMS.credential) as string),
    ...parseAmzDate(queryValue(query, PRESIGN_PARAMS.date) as string),
    signedHeaders: parseSignedHeaders(queryValue(query, PRESIGN_PARAMS.signedHeaders) as string),
    signature: queryValue(query, PRESIGN_PARAMS.signature) as string,
    sessionToken: queryValue(query, PRESIGN_PARAMS.token),
    presignExpiresSeconds: expiresSeconds,
  };
}

function parseCredential(
  credential: string,
): Pick<ParsedSignature, 'accessKeyId' | 'shortDate' | 'region' | 'service' | 'terminator'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((part) => part === '')) {
    throw incompleteSignature(
      'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, ' +
        `got '${credential}'`,
    );
  }
  const [accessKeyId, shortDate, region, service, terminator] = parts;
  return { accessKeyId, shortDate, region, service, terminator };
}

function parseAmzDate(value: string): Pick<ParsedSignature, 'signedAt' | 'longDate'> {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  const signedAt = match
    ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6]))
    : undefined;
  if (!signedAt || Number.isNaN(signedAt.getTime()) || formatAmzDate(signedAt) !== value) {
    throw incompleteSignature(
      `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  return { signedAt, longDate: value };
}

function parseSignedHeaders(value: string): string[] {
  const names = value.split(';').map((name) => name.trim());
  if (names.some((name) => name === '' || name !== name.toLowerCase())) {
    throw incompleteSignature(`Invalid SignedHeaders '${value}': expected lower-case names separated by ';'.`);
  }
  if (!names.includes('host')) {
    throw signatureDoesNotMatch("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  return names;
}

function checkScope(parsed: ParsedSignature, expectedService: string): void {
  if (parsed.terminator !== SCOPE_TERMINATOR) {
    throw signatureDoesNotMatch(
      `Credential should be scoped with a valid terminator: '${SCOPE_TERMINATOR}', not '${parsed.terminator}'.`,
    );
  }
  if (parsed.service !== expectedService) {
    throw signatureDoesNotMatch(`Credential should be scoped to correct service: '${expectedService}'. `);
  }
  if (parsed.shortDate !== parsed.longDate.slice(0, 8)) {
    throw signatureDoesNotMatch(
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
        `'${parsed.shortDate}' != '${parsed.longDate.slice(0, 8)}', from '${parsed.longDate}'.`,
    );
  }
}

function checkClock(parsed: ParsedSignature, now: Date, maxSkewMs: number): void {
  const signedAtMs = parsed.signedAt.getTime();
  const skew = describeSkew(maxSkewMs);
  if (parsed.presignExpiresSeconds !== undefined) {
    const expiresAtMs = signedAtMs + parsed.presignExpiresSeconds * 1000;
    if (now.getTime() > expiresAtMs) {
      throw signatureDoesNotMatch(
        `Signature expired: ${parsed.longDate} is now earlier than ` +
          `${formatAmzDate(new Date(now.getTime() - parsed.presignExpiresSeconds * 1000))} ` +
          `(${formatAmzDate(now)} - ${parsed.presignExpiresSeconds} sec.)`,
      );
    }
  } else if (signedAtMs < now.getTime() - maxSkewMs) {
    throw signatureDoesNotMatch(
      `Signature expired: ${parsed.longDate} is now earlier than ` +
        `${formatAmzDate(new Date(now.getTime() - maxSkewMs))} (${formatAmzDate(now)} - ${skew}.)`,
    );
  }
  if (signedAtMs > now.getTime() + maxSkewMs) {
    throw signatureDoesNotMatch(
      `Signature not yet current: ${parsed.longDate} is still later than ` +
        `${formatAmzDate(new Date(now.getTime() + maxSkewMs))} (${formatAmzDate(now)} + ${skew}.)`,
    );
  }
}

function describeSkew(maxSkewMs: number): string {
  return maxSkewMs % 60000 === 0 ? `${maxSkewMs / 60000} min` : `${Math.round(maxSkewMs / 1000)} sec`;
}

/**
 * A signed x-amz-content-sha256 is trusted by the signer as the payload hash, so it must be checked
 * against the body received; UNSIGNED-PAYLOAD is an S3-only concession and is refused.
 */
function checkContentSha256(declared: string | undefined, body: Buffer): void {
  if (declared === undefined) return;
  const actual = createHash('sha256')
    .update(body ?? Buffer.alloc(0))
    .digest('hex');
  if (declared.toLowerCase() !== actual) {
    throw signatureDoesNotMatch("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
}

function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function constantTimeEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
