import { LookupAddress, promises as dns } from 'node:dns';
import { open, realpath } from 'node:fs/promises';
import { IncomingMessage, request as httpRequest, STATUS_CODES } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

import { TemplateValidationError } from '@cfn/template';

import { describeKind, parseAddress } from './address-ranges';
import {
  allowedFile,
  checkRedirect,
  locateTemplate,
  NON_PUBLIC_RULE,
  refusedAddress,
  TemplateSourcePolicy,
  templateSourcePolicyFromEnv,
  unsupportedTemplateUrl,
} from './template-location';

/** AWS reads at most 1 MB from a TemplateURL (51,200 bytes inline). */
export const MAX_TEMPLATE_URL_BODY_BYTES = 1_048_576;

/** Redirects followed from a TemplateURL, each one checked like the URL itself. */
export const MAX_TEMPLATE_URL_REDIRECTS = 5;

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address of a host name, as `dns.promises.lookup(host, { all: true })` gives them. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface TemplateFetcherOptions {
  /** How long one fetch may take, name lookups, redirects and connections to last byte. */
  timeoutMs?: number;
  maxBytes?: number;
  /** Host name lookups (tests inject one); the system resolver by default. */
  resolve?: HostResolver;
  maxRedirects?: number;
}

const systemResolver: HostResolver = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Reads a template body from a TemplateURL (CreateStack, UpdateStack, ValidateTemplate, GetTemplateSummary, and
 * nested stacks): an http(s) URL, or a file inside a directory the operator allowed. Every failure is a
 * TemplateValidationError whose message the api returns as a ValidationError: unsupported URL, unreachable
 * server, HTTP error status, timeout, missing file, or a body over 1 MB.
 *
 * An http(s) TemplateURL makes the api fetch on the caller's behalf from inside the cloud's network, so unless
 * the operator named the template servers (CFN_TEMPLATE_URL_HOSTS) no fetch may lead to a loopback, private,
 * link-local or other non-public address (CFN_TEMPLATE_URL_ALLOWED_CIDRS excepted). The host is resolved here,
 * every address it has is checked, and the connection goes to those checked addresses only (the socket's
 * lookup answers with them), so a name that resolves differently a moment later (DNS rebinding) gains nothing.
 * Redirects are followed by hand, at most five, and each hop is checked the same way. Messages name the rule
 * that refused a URL, never what the remote end said: a failed answer is reported by its status code and the
 * standard reason phrase, transport failures by their error code.
 */
export class TemplateFetcher {
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly resolve: HostResolver;
  private readonly maxRedirects: number;

  constructor(
    private readonly policy: TemplateSourcePolicy = templateSourcePolicyFromEnv(),
    options: TemplateFetcherOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBytes = options.maxBytes ?? MAX_TEMPLATE_URL_BODY_BYTES;
    this.resolve = options.resolve ?? systemResolver;
    this.maxRedirects = options.maxRedirects ?? MAX_TEMPLATE_URL_REDIRECTS;
  }

  /** Checks the URL's form and place only (no I/O): what a template referring to it can be checked for at once. */
  check(templateUrl: string): void {
    locateTemplate(templateUrl, this.policy);
  }

  async fetch(templateUrl: string): Promise<string> {
    const location = locateTemplate(templateUrl, this.policy);
    const bytes =
      location.kind === 'http'
        ? await this.fetchHttp(templateUrl, location.url)
        : await this.readFile(templateUrl, location.path);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new TemplateValidationError(`Error reading the template at ${templateUrl}: it is not UTF-8 text`);
    }
  }

  private async fetchHttp(templateUrl: string, url: URL): Promise<Uint8Array> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let target = url;
    for (let hop = 0; ; hop += 1) {
      const addresses = await this.addressesOf(templateUrl, target, hop > 0, signal);
      let response: IncomingMessage;
      try {
        response = await get(target, addresses, signal);
      } catch (error) {
        throw this.failure(templateUrl, signal.aborted ? this.timeoutText() : errorCode(error));
      }
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.destroy();
        if (hop >= this.maxRedirects) throw this.failure(templateUrl, `more than ${this.maxRedirects} redirects`);
        target = checkRedirect(templateUrl, this.redirectTarget(templateUrl, status, response, target), this.policy);
        continue;
      }
      if (status < 200 || status > 299) {
        response.destroy();
        // The standard phrase, not the server's: the remote end's words are not passed on.
        throw this.failure(templateUrl, `the server answered ${status} ${STATUS_CODES[status] ?? ''}`.trim());
      }
      return this.readBody(templateUrl, response, signal);
    }
  }

  private redirectTarget(templateUrl: string, status: number, response: IncomingMessage, from: URL): URL {
    const location = response.headers.location;
    try {
      if (location) return new URL(location, from);
    } catch {
      // below
    }
    throw this.failure(templateUrl, `the server answered ${status} without a valid Location`);
  }

  /**
   * The addresses to connect to for a URL: the one written in it, or every address its host name resolves to,
   * each checked against the policy (one refused address refuses the URL, whichever the socket would pick).
   */
  private async addressesOf(
    templateUrl: string,
    url: URL,
    redirected: boolean,
    signal: AbortSignal,
  ): Promise<ResolvedAddress[]> {
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const literal = parseAddress(hostname);
    let addresses: ResolvedAddress[];
    if (literal) {
      // Checked by locateTemplate / checkRedirect already, and again below.
      addresses = [{ address: hostname, family: hostname.includes(':') ? 6 : 4 }];
    } else {
      try {
        addresses = await untilAborted(this.resolve(hostname), signal);
      } catch (error) {
        throw this.failure(
          templateUrl,
          signal.aborted ? this.timeoutText() : `the server's name could not be resolved (${errorCode(error)})`,
        );
      }
      if (addresses.length === 0)
        throw this.failure(templateUrl, "the server's name could not be resolved (ENOTFOUND)");
    }
    for (const { address } of addresses) {
      const parsed = parseAddress(address);
      if (!parsed) throw this.failure(templateUrl, "the server's name could not be resolved (EBADRESP)");
      const kind = refusedAddress(parsed, this.policy);
      if (!kind) continue;
      // The address itself is not repeated for a name: it would tell the caller what internal names resolve to.
      const subject = redirected ? 'the server redirects to a host that resolves to' : `${url.hostname} resolves to`;
      throw unsupportedTemplateUrl(templateUrl, `${subject} ${describeKind(kind)}; ${NON_PUBLIC_RULE}`);
    }
    return addresses;
  }

  private async readBody(templateUrl: string, response: IncomingMessage, signal: AbortSignal): Promise<Uint8Array> {
    const encoding = String(response.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    const declared = Number(response.headers['content-length'] ?? NaN);
    if (declared > this.maxBytes) {
      response.destroy();
      throw this.tooLarge();
    }
    const onAbort = () => response.destroy(new Error('timed out'));
    signal.addEventListener('abort', onAbort, { once: true });
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        total += chunk.byteLength;
        if (total > this.maxBytes) break;
        chunks.push(chunk);
      }
    } catch (error) {
      throw this.failure(templateUrl, signal.aborted ? this.timeoutText() : errorCode(error));
    } finally {
      signal.removeEventListener('abort', onAbort);
      response.destroy();
    }
    if (total > this.maxBytes) throw this.tooLarge();
    return this.decode(templateUrl, Buffer.concat(chunks), encoding);
  }

  /** A compressed body (some servers compress stored objects whatever was asked), bounded after decompression too. */
  private decode(templateUrl: string, body: Buffer, encoding: string): Uint8Array {
    const options = { maxOutputLength: this.maxBytes };
    try {
      switch (encoding) {
        case 'identity':
        case '':
          return body;
        case 'gzip':
        case 'x-gzip':
          return gunzipSync(body, options);
        case 'deflate':
          try {
            return inflateSync(body, options);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw error;
            return inflateRawSync(body, options);
          }
        case 'br':
          return brotliDecompressSync(body, options);
        default:
          throw this.failure(
            templateUrl,
            'the server sent it in a content encoding that is not supported (use identity, gzip, deflate or br)',
          );
      }
    } catch (error) {
      if (error instanceof TemplateValidationError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw this.tooLarge();
      throw this.failure(templateUrl, 'its compressed body could not be decompressed');
    }
  }

  private async readFile(templateUrl: string, path: string): Promise<Uint8Array> {
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      throw this.failure(
        templateUrl,
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : causeOf(error),
      );
    }
    // A symbolic link inside an allowed directory must not lead out of it.
    const realDirectories = await Promise.all(
      this.policy.allowedDirectories.map((dir) => realpath(dir).catch(() => dir)),
    );
    allowedFile(templateUrl, real, { allowedDirectories: realDirectories });
    const file = await open(real, 'r').catch((error) => {
      throw this.failure(templateUrl, causeOf(error));
    });
    try {
      const stat = await file.stat();
      if (!stat.isFile()) throw this.failure(templateUrl, 'it is not a regular file');
      if (stat.size > this.maxBytes) throw this.tooLarge();
      return await file.readFile();
    } finally {
      await file.close();
    }
  }

  private timeoutText(): string {
    return `no complete answer within ${this.timeoutMs / 1000} s`;
  }

  private tooLarge(): TemplateValidationError {
    return new TemplateValidationError(`Template may not exceed ${this.maxBytes} bytes in size.`);
  }

  private failure(templateUrl: string, why: string): TemplateValidationError {
    return new TemplateValidationError(`Error reading the template at ${templateUrl}: ${why}`);
  }
}

/** One GET to `url`, connected only to `addresses` (already checked), whatever the name resolves to by then. */
function get(url: URL, addresses: ResolvedAddress[], signal: AbortSignal): Promise<IncomingMessage> {
  const pinned = (_hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
    const { family, all } = (typeof options === 'object' && options !== null ? options : { family: options }) as {
      family?: number | string;
      all?: boolean;
    };
    const wanted = family === 4 || family === 'IPv4' ? 4 : family === 6 || family === 'IPv6' ? 6 : undefined;
    const candidates = addresses.filter((address) => wanted === undefined || address.family === wanted);
    if (candidates.length === 0) {
      return callback(
        Object.assign(new Error('no address of the wanted family'), { code: 'ENOTFOUND' }),
        undefined,
        undefined,
      );
    }
    if (all)
      return callback(
        null,
        candidates.map(({ address, family: f }): LookupAddress => ({ address, family: f })),
      );
    return callback(null, candidates[0].address, candidates[0].family);
  };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: {
          accept: 'application/json, application/x-yaml, text/plain, */*',
          'accept-encoding': 'gzip, deflate, br',
        },
        // A connection of its own: never one a keep-alive pool opened to another address.
        agent: false,
        lookup: pinned as never,
        signal,
      },
      resolve,
    );
    request.on('error', reject);
    request.end();
  });
}

/** An error's code (ECONNREFUSED, CERT_HAS_EXPIRED, ...), never its free text, which may carry the remote end's words. */
function errorCode(error: unknown): string {
  const code =
    (error as NodeJS.ErrnoException | undefined)?.code ??
    (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  return typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? code : 'the connection failed';
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
