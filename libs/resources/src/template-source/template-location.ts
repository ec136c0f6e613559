import { delimiter, isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TemplateValidationError } from '@cfn/template';

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
   * comma-separated); undefined allows any. Set it wherever the api can reach addresses its callers should not
   * (the cloud's management network, metadata services): a TemplateURL makes the api fetch on the caller's behalf.
   */
  allowedHosts?: string[];
}

export function templateSourcePolicyFromEnv(env: NodeJS.ProcessEnv = process.env): TemplateSourcePolicy {
  const allowedDirectories = (env.CFN_TEMPLATE_DIRS ?? '')
    .split(delimiter)
    .map((dir) => dir.trim())
    .filter((dir) => dir !== '')
    .map((dir) => resolve(dir));
  const hosts = env.CFN_TEMPLATE_URL_HOSTS?.split(',').map((host) => host.trim().toLowerCase()).filter((host) => host !== '');
  return { allowedDirectories, ...(hosts && hosts.length > 0 ? { allowedHosts: hosts } : {}) };
}

export type TemplateLocation = { kind: 'http'; url: URL } | { kind: 'file'; path: string };

/**
 * Classifies a TemplateURL: an http(s) URL, or a file (`file:///...` or an absolute path) inside an allowed
 * directory. Anything else is AWS's ValidationError "TemplateURL must be a supported URL." with why it is not.
 * Only the name is checked here; the fetcher checks the real path again (a symbolic link may point elsewhere).
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
    if (policy.allowedHosts && !policy.allowedHosts.some((allowed) => hostMatches(url, allowed))) {
      throw unsupported(templateUrl, `${url.host} is not one of the template servers the operator allows (CFN_TEMPLATE_URL_HOSTS)`);
    }
    return { kind: 'http', url };
  }
  if (url.protocol === 'file:') {
    if (url.host !== '' && url.host !== 'localhost') throw unsupported(templateUrl, 'a file URL must name a local file');
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch {
      throw unsupported(templateUrl, 'it is not a valid file URL');
    }
    return { kind: 'file', path: allowedFile(templateUrl, path, policy) };
  }
  throw unsupported(templateUrl, `the ${url.protocol.replace(/:$/, '')} scheme is not supported (use http, https or a file under CFN_TEMPLATE_DIRS)`);
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

/** `host` (any port), `host:port`, or `*.domain` (its subdomains, any port). */
function hostMatches(url: URL, allowed: string): boolean {
  const hostname = url.hostname.toLowerCase();
  if (allowed.startsWith('*.')) return hostname.endsWith(allowed.slice(1));
  return allowed.includes(':') && !allowed.startsWith('[') ? url.host.toLowerCase() === allowed : hostname === allowed;
}

function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function unsupported(templateUrl: string, why: string): TemplateValidationError {
  return new TemplateValidationError(`${UNSUPPORTED_TEMPLATE_URL} ${templateUrl}: ${why}`);
}
