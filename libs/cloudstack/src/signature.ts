import { createHmac, timingSafeEqual } from 'node:crypto';

/** Parameters as CloudStack's ApiServer sees them: one string value per name. */
export type CloudStackParams = Record<string, string>;

/**
 * Encodes a value as java.net.URLEncoder (UTF-8) does, then turns `+` into `%20` as ApiServer does:
 * letters, digits and `.-*_` stay; everything else is percent-encoded (so `~` becomes `%7E`).
 */
export function javaUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * The string CloudStack signs: every parameter but `signature`, names sorted case-sensitively (UTF-16 order,
 * as Java's String.compareTo), raw names, Java-encoded values, joined with `&`, then lowercased.
 */
export function canonicalQueryString(params: CloudStackParams): string {
  return Object.keys(params)
    .filter((name) => name.toLowerCase() !== 'signature')
    .sort()
    .map((name) => `${name}=${javaUrlEncode(params[name])}`)
    .join('&')
    .toLowerCase();
}

function hmacSha1(params: CloudStackParams, secretKey: string): Buffer {
  return createHmac('sha1', secretKey).update(canonicalQueryString(params), 'utf8').digest();
}

/** The Base64 HMAC-SHA1 signature CloudStack expects for these parameters. */
export function signCloudStackRequest(params: CloudStackParams, secretKey: string): string {
  return hmacSha1(params, secretKey).toString('base64');
}

/** Constant-time check of a request signature, as ApiServer.verifyRequest does. */
export function verifyCloudStackSignature(params: CloudStackParams, secretKey: string, signature: string): boolean {
  const expected = Buffer.from(hmacSha1(params, secretKey).toString('base64'), 'utf8');
  const given = Buffer.from(signature ?? '', 'utf8');
  if (given.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(given, expected);
}
