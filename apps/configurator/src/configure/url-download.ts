const MAX_BYTES = 50 * 1024 * 1024;

/** Fetches a cfn-init file `source` (http/https only), with a time limit and a size limit. */
export async function downloadUrl(url: string, timeoutMs = 60_000): Promise<Buffer> {
  if (!/^https?:\/\//i.test(url)) throw new Error(`source "${url}" must be an http(s) URL`);
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES) throw new Error(`${url} is larger than ${MAX_BYTES} bytes`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > MAX_BYTES) throw new Error(`${url} is larger than ${MAX_BYTES} bytes`);
  return body;
}
