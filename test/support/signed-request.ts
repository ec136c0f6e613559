import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

import type { SystemUnderTest } from './system-under-test';

/** The headers of an awsQuery POST of `body` to `apiUrl`, signed with SigV4 by `credentials` for `region`. */
export async function signedQueryHeaders(
  apiUrl: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  body: string,
  region = 'cloudstack-1',
): Promise<Record<string, string>> {
  const url = new URL(apiUrl);
  const signer = new SignatureV4({ credentials, region, service: 'cloudformation', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  return signed.headers as Record<string, string>;
}

/** A hand-made awsQuery POST signed with SigV4, for requests an SDK would refuse to send. */
export async function signedPost(system: SystemUnderTest, body: string): Promise<{ status: number; body: string }> {
  const headers = await signedQueryHeaders(system.apiUrl, system.credentials, body);
  const response = await fetch(system.apiUrl, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text() };
}
