import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

import type { SystemUnderTest } from './system-under-test';

/** A hand-made awsQuery POST signed with SigV4, for requests an SDK would refuse to send. */
export async function signedPost(system: SystemUnderTest, body: string): Promise<{ status: number; body: string }> {
  const url = new URL(system.apiUrl);
  const signer = new SignatureV4({
    credentials: system.credentials,
    region: 'cloudstack-1',
    service: 'cloudformation',
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const response = await fetch(system.apiUrl, {
    method: 'POST',
    headers: signed.headers as Record<string, string>,
    body,
  });
  return { status: response.status, body: await response.text() };
}
