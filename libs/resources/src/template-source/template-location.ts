import { isIP } from 'node:net';
import { delimiter, isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { TemplateValidationError } from '@cfn/template';

import {
  Cidr,
  cidrContains,
  describeKind,
  IpAddress,
  NonPublicKind,
  nonPublicKind,
  parseAddress,
  parseCidr,
} from './address-ranges';

/** AWS's answer to a TemplateURL it cannot read from. */
export const UNSUPPORTED_TEMPLATE_URL = 'TemplateURL must be a supported URL.';

/** AWS's limit on TemplateURL (the parameter), in characters. */
export const MAX_TEMPLATE_URL_LENGTH = 1024;

/**
 * Where templates may be read from besides http(s) URLs: directories the operator names in CFN_TEMPLATE_DIRS
 * (separated like PATH). Without it no local file is ever read.
 */
export interface TemplateSourcePolicy {
  allowedDirectories: string[];
  /**
   * Web servers http(s) TemplateURLs may name (CFN_TEMPLATE_URL_HOSTS: `host`, `host:port` or `*.domain`,
   * comma-separated). When set, only these, at whatever address they have: naming a host, even an internal one,
   * is the operator's decision. When unset, any host whose addresses are all public (see `allowedCidrs`).
   */
  allowedHosts?: string[];
  /**
   * Without `allowedHosts`, a TemplateURL may not lead (by its host's addresses, or by a redirect) to a loopback,
   * private, link-local or other non-public address: the api fetches on the caller's behalf from inside the
   * cloud's network (metadata services, the management network, its own ports). These blocks
   * (CFN_TEMPLATE_URL_ALLOWED_CIDRS, comma-separated) are allowed all the same: an internal template server's.
   */
  allowedCidrs?: Cidr[];
}

/** The rule a refused address breaks, and how the operator may lift it. */
export const NON_PUBLIC_RULE =
  'a TemplateURL may not lead to a loopback, private, link-local or other non-public address unless the operator ' +
  'allows it (CFN_TEMPLATE_URL_ALLOWED_CIDRS, or the host in CFN_TEMPLATE_URL_HOSTS)';

export function templateSourcePolicyFromEnv(env: NodeJS.ProcessEnv = process.env): TemplateSourcePolicy {
  const allowedDirectories = (env.CFN_TEMPLATE_DIRS ?? '')
    .split(delimiter)
    .map((dir) => dir.trim())
    .filter((dir) => dir !== '')
    .map((dir) => resolve(dir));
  const hosts = env.CFN_TEMPLATE_URL_HOSTS?.split(',')
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host !== '');
  const cidrs = (env.CFN_TEMPLATE_URL_ALLOWED_CIDRS ?? '')
    .split(',')
    .filter((cidr) => cidr.trim() !== '')
    .map((cidr) => {
      try {
        return parseCidr(cidr);
      } catch (error) {
        throw new Error(`CFN_TEMPLATE_URL_ALLOWED_CIDRS: ${(error as Error).message}`);
      }
    });
  return {
    allowedDirectories,
    ...(hosts && hosts.length > 0 ? { allowedHosts: hosts } : {}),
    ...(cidrs.length > 0 ? { allowedCidrs: cidrs } : {}),
  };
}

export type TemplateLocation = { kind: 'http'; url: URL } | { kind: 'file'; path: string };

/**
 * Classifies a TemplateURL: an http(s) URL, or a file (`file:///...` or an absolute path) inside an allowed
 * directory. Anything else is AWS's ValidationError "TemplateURL must be a supported URL." with why it is not.
 * Only the name is checked here (and an address written in an http(s) URL); the fetcher checks the real path
 * again (a symbolic link may point elsewhere), and the addresses a host name resolves to.
 */
export function locateTemplate(templateUrl: string, policy: TemplateSourcePolicy): TemplateLocation {
  if (templateUrl.length > MAX_TEMPLATE_URL_LENGTH) {
    throw new TemplateValidationError(
      `1 validation error detected: Value '${templateUrl}' at 'templateURL' failed to satisfy constraint: ` +
        `Member must have length less than or equal to ${MAX_TEMPLATE_URL_LENGTH}`,
    );
  }
  if (isAbsolute(templateUrl)) return { kind: 'file', path: allowedFile(templateUrl, templateUrl, policy) };
  let url: URL;
  try {
    url = new URL(templateUrl);
  } catch {
    throw unsupported(templateUrl, 'it is neither an http(s) URL nor an absolute file path');
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    if (url.username || url.password) throw unsupported(templateUrl, 'credentials in the URL are not accepted');
    if (!hostAllowed(url, policy)) {
      throw unsupported(
        templateUrl,
        `${url.host} is not one of the template servers the operator allows (CFN_TEMPLATE_URL_HOSTS)`,
      );
    }
    const literal = parseAddress(url.hostname);
    const kind = literal && refusedAddress(literal, policy);
    if (kind) throw unsupported(templateUrl, `${url.hostname} is ${describeKind(kind)}; ${NON_PUBLIC_RULE}`);
    return { kind: 'http', url };
  }
  if (url.protocol === 'file:') {
    if (url.host !== '' && url.host !== 'localhost')
      throw unsupported(templateUrl, 'a file URL must name a local file');
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch {
      throw unsupported(templateUrl, 'it is not a valid file URL');
    }
    return { kind: 'file', path: allowedFile(templateUrl, path, policy) };
  }
  throw unsupported(
    templateUrl,
    `the ${url.protocol.replace(/:$/, '')} scheme is not supported (use http, https or a file under CFN_TEMPLATE_DIRS)`,
  );
}

/**
 * Checks where a server redirects a TemplateURL to, as the TemplateURL itself is checked (http or https, no
 * credentials, an allowed host, not a non-public address when written as one), without repeating the target in
 * the message: it is the remote end's answer, not the caller's words. Never a local file.
 */
export function checkRedirect(templateUrl: string, target: URL, policy: TemplateSourcePolicy): URL {
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw unsupported(
      templateUrl,
      'the server redirects to a URL that is not http or https, which a TemplateURL must be',
    );
  }
  if (target.username || target.password)
    throw unsupported(templateUrl, 'the server redirects to a URL with credentials in it');
  if (!hostAllowed(target, policy)) {
    throw unsupported(
      templateUrl,
      'the server redirects to a server the operator does not allow (CFN_TEMPLATE_URL_HOSTS)',
    );
  }
  const literal = parseAddress(target.hostname);
  const kind = literal && refusedAddress(literal, policy);
  if (kind) throw unsupported(templateUrl, `the server redirects to ${describeKind(kind)}; ${NON_PUBLIC_RULE}`);
  return target;
}

/**
 * The kind of non-public address this is when a TemplateURL may not lead to it: never with CFN_TEMPLATE_URL_HOSTS
 * set (the operator named the hosts), nor inside CFN_TEMPLATE_URL_ALLOWED_CIDRS.
 */
export function refusedAddress(address: IpAddress, policy: TemplateSourcePolicy): NonPublicKind | undefined {
  if (policy.allowedHosts) return undefined;
  const kind = nonPublicKind(address);
  if (!kind || policy.allowedCidrs?.some((cidr) => cidrContains(cidr, address))) return undefined;
  return kind;
}

/** AWS's "TemplateURL must be a supported URL." with why. */
export function unsupportedTemplateUrl(templateUrl: string, why: string): TemplateValidationError {
  return unsupported(templateUrl, why);
}

/** The normalized path when it lies inside an allowed directory. */
export function allowedFile(templateUrl: string, path: string, policy: TemplateSourcePolicy): string {
  const normalized = resolve(path);
  if (policy.allowedDirectories.length === 0) {
    throw unsupported(templateUrl, 'local files are not allowed here (the operator has set no CFN_TEMPLATE_DIRS)');
  }
  if (!policy.allowedDirectories.some((dir) => isInside(normalized, dir))) {
    throw unsupported(templateUrl, `${normalized} is not inside an allowed template directory`);
  }
  return normalized;
}

function hostAllowed(url: URL, policy: TemplateSourcePolicy): boolean {
  return !policy.allowedHosts || policy.allowedHosts.some((allowed) => hostMatches(url, allowed));
}

/** `host` (any port), `host:port` (`[v6]:port`), or `*.domain` (its subdomains, any port). */
function hostMatches(url: URL, allowed: string): boolean {
  const hostname = url.hostname.toLowerCase();
  if (allowed.startsWith('*.')) return hostname.endsWith(allowed.slice(1));
  if (isIP(allowed) === 6) return hostname === `[${allowed}]`;
  const withPort = /^(\[[^\]]*\]|[^:[\]]+):(\d+)$/.exec(allowed);
  if (!withPort) return hostname === allowed;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return hostname === withPort[1] && port === withPort[2];
}

function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function unsupported(templateUrl: string, why: string): TemplateValidationError {
  return new TemplateValidationError(`${UNSUPPORTED_TEMPLATE_URL} ${templateUrl}: ${why}`);
}
