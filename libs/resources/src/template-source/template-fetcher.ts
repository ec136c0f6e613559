import { open, realpath } from 'node:fs/promises';
import { TemplateValidationError } from '@cfn/template';
import { allowedFile, locateTemplate, TemplateSourcePolicy, templateSourcePolicyFromEnv } from './template-location';

/** AWS reads at most 1 MB from a TemplateURL (51,200 bytes inline). */
export const MAX_TEMPLATE_URL_BODY_BYTES = 1_048_576;

export interface TemplateFetcherOptions {
  /** How long one fetch may take, connection to last byte. */
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * Reads a template body from a TemplateURL (CreateStack, UpdateStack, ValidateTemplate, GetTemplateSummary, and
 * nested stacks): an http(s) URL, or a file inside a directory the operator allowed. Every failure is a
 * TemplateValidationError whose message the api returns as a ValidationError: unsupported URL, unreachable
 * server, HTTP error status, timeout, missing file, or a body over 1 MB.
 */
export class TemplateFetcher {
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(private readonly policy: TemplateSourcePolicy = templateSourcePolicyFromEnv(), options: TemplateFetcherOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBytes = options.maxBytes ?? MAX_TEMPLATE_URL_BODY_BYTES;
  }

  /** Checks the URL's form and place only (no I/O): what a template referring to it can be checked for at once. */
  check(templateUrl: string): void {
    locateTemplate(templateUrl, this.policy);
  }

  async fetch(templateUrl: string): Promise<string> {
    const location = locateTemplate(templateUrl, this.policy);
    const bytes = location.kind === 'http'
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
    let response: Response;
    try {
      response = await fetch(url, { signal, headers: { accept: 'application/json, application/x-yaml, text/plain, */*' } });
    } catch (error) {
      throw this.failure(templateUrl, signal.aborted ? this.timeoutText() : causeOf(error));
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw this.failure(templateUrl, `the server answered ${response.status} ${response.statusText}`.trim());
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > this.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw this.tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for await (const chunk of response.body ?? []) {
        total += chunk.byteLength;
        if (total > this.maxBytes) break;
        chunks.push(chunk);
      }
    } catch (error) {
      throw this.failure(templateUrl, signal.aborted ? this.timeoutText() : causeOf(error));
    }
    if (total > this.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw this.tooLarge();
    }
    return Buffer.concat(chunks);
  }

  private async readFile(templateUrl: string, path: string): Promise<Uint8Array> {
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      throw this.failure(templateUrl, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : causeOf(error));
    }
    // A symbolic link inside an allowed directory must not lead out of it.
    const realDirectories = await Promise.all(this.policy.allowedDirectories.map((dir) => realpath(dir).catch(() => dir)));
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

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
