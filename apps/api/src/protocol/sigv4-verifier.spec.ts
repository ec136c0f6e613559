import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

import { runBotocore } from './__fixtures__/botocore-harness';
import { AwsError } from './aws-error';
import { parseQueryBody } from './query-params';
import { SigV4Request, splitRequestUrl, verifySigV4 } from './sigv4-verifier';

const AKID = 'AKIDCLOUDSTACK0001';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY';
const HOST = 'localhost:4566';
const ENDPOINT = `http://${HOST}`;
const secrets: Record<string, string> = { [AKID]: SECRET };
const lookupSecret = async (accessKeyId: string) => secrets[accessKeyId];

const PARAM_VALUE = 'a b+c=d&e/ü 日本 😀 %20';
const FORM_BODY =
  'Action=CreateStack&Version=2010-05-15&StackName=demo&Parameters.member.1.ParameterKey=Greeting' +
  `&Parameters.member.1.ParameterValue=${encodeURIComponent(PARAM_VALUE)}`;

async function captureError(promise: Promise<unknown>): Promise<AwsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AwsError);
    return error as AwsError;
  }
  throw new Error('expected verifySigV4 to reject');
}

async function smithySigned(options: {
  region?: string;
  secret?: string;
  signingDate?: Date;
  sessionToken?: string;
  body?: string;
}): Promise<SigV4Request> {
  const body = Buffer.from(options.body ?? FORM_BODY, 'utf8');
  const signer = new SignatureV4({
    credentials: { accessKeyId: AKID, secretAccessKey: options.secret ?? SECRET, sessionToken: options.sessionToken },
    region: options.region ?? 'us-east-1',
    service: 'cloudformation',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      port: 4566,
      path: '/',
      query: {},
      headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    },
    { signingDate: options.signingDate ?? new Date() },
  );
  return { method: 'POST', path: '/', query: {}, headers: signed.headers, body };
}

describe('verifySigV4 with @smithy/signature-v4 signatures', () => {
  it('accepts a header-signed request and returns the scope', async () => {
    const signedAt = new Date('2026-11-25T10:00:00Z');
    const request = await smithySigned({ signingDate: signedAt });
    await expect(verifySigV4(request, lookupSecret, { now: new Date('2026-11-25T10:05:00Z') })).resolves.toEqual({
      accessKeyId: AKID,
      region: 'us-east-1',
      service: 'cloudformation',
      signedAt,
    });
  });

  it('accepts any region in the credential scope, e.g. a CloudStack zone', async () => {
    const request = await smithySigned({ region: 'cloudstack-zone-1' });
    const verified = await verifySigV4(request, lookupSecret);
    expect(verified.region).toBe('cloudstack-zone-1');
  });

  it('returns the signed session token', async () => {
    const request = await smithySigned({ sessionToken: 'session-token-1' });
    expect((await verifySigV4(request, lookupSecret)).sessionToken).toBe('session-token-1');
  });

  it('accepts a presigned query-string request', async () => {
    const signer = new SignatureV4({
      credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
      region: 'cloudstack-zone-2',
      service: 'cloudformation',
      sha256: Sha256,
    });
    const presigned = await signer.presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: 'localhost',
        path: '/',
        query: { Action: 'DescribeStacks', Version: '2010-05-15', StackName: 'my stack' },
        headers: { host: HOST },
      },
      { expiresIn: 300 },
    );
    const request: SigV4Request = {
      method: 'GET',
      path: '/',
      query: presigned.query as Record<string, string>,
      headers: { host: HOST },
      body: Buffer.alloc(0),
    };
    expect((await verifySigV4(request, lookupSecret)).region).toBe('cloudstack-zone-2');

    const tampered = { ...request, query: { ...request.query, StackName: 'other' } };
    expect((await captureError(verifySigV4(tampered, lookupSecret))).code).toBe('SignatureDoesNotMatch');

    const later = new Date(Date.now() + 301_000);
    const expired = await captureError(verifySigV4(request, lookupSecret, { now: later }));
    expect(expired.code).toBe('SignatureDoesNotMatch');
    expect(expired.message).toMatch(/^Signature expired: /);
  });

  it('rejects a body altered after signing', async () => {
    const request = await smithySigned({});
    const altered = { ...request, body: Buffer.from(FORM_BODY.replace('demo', 'evil')) };
    const error = await captureError(verifySigV4(altered, lookupSecret));
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.httpStatus).toBe(403);
  });
});

describe('verifySigV4 with botocore signatures', () => {
  it('verifies the headers SigV4Auth produces for a body with spaces, + and unicode', async () => {
    const { headers } = runBotocore<{ headers: Record<string, string> }>({
      mode: 'sign',
      url: `${ENDPOINT}/`,
      body: FORM_BODY,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      region: 'cloudstack-zone-1',
      akid: AKID,
      secret: SECRET,
      token: 'tok/en+1=',
    });
    // botocore signs Host from the URL without adding it; the HTTP client sends it.
    const request: SigV4Request = {
      method: 'POST',
      path: '/',
      query: {},
      headers: { ...headers, Host: HOST },
      body: Buffer.from(FORM_BODY, 'utf8'),
    };
    const verified = await verifySigV4(request, lookupSecret);
    expect(verified).toMatchObject({ accessKeyId: AKID, region: 'cloudstack-zone-1', sessionToken: 'tok/en+1=' });
    expect(parseQueryBody(request.body)['Parameters.member.1.ParameterValue']).toBe(PARAM_VALUE);

    const wrongToken = { ...request, headers: { ...request.headers, 'X-Amz-Security-Token': 'other' } };
    expect((await captureError(verifySigV4(wrongToken, lookupSecret))).code).toBe('SignatureDoesNotMatch');
  });

  it('verifies what a real botocore CloudFormation client sends', async () => {
    const out = runBotocore<{
      request: { method: string; url: string; headers: Record<string, string>; body: string };
    }>({
      mode: 'client',
      region: 'cloudstack-zone-1',
      endpoint: ENDPOINT,
      akid: AKID,
      secret: SECRET,
      operation: 'create_stack',
      params: {
        StackName: 'demo',
        TemplateBody: '{"Resources":{}}',
        Parameters: [{ ParameterKey: 'Greeting', ParameterValue: PARAM_VALUE }],
        Capabilities: ['CAPABILITY_IAM'],
      },
      status: 200,
      requestId: 'req-1',
      responseXml:
        '<CreateStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><CreateStackResult>' +
        '<StackId>id</StackId></CreateStackResult><ResponseMetadata><RequestId>req-1</RequestId>' +
        '</ResponseMetadata></CreateStackResponse>',
    });
    const { path, query } = splitRequestUrl(out.request.url.slice(ENDPOINT.length));
    const body = Buffer.from(out.request.body, 'utf8');
    const request: SigV4Request = {
      method: out.request.method,
      path,
      query,
      headers: { ...out.request.headers, host: HOST },
      body,
    };
    expect((await verifySigV4(request, lookupSecret)).region).toBe('cloudstack-zone-1');
    const params = parseQueryBody(body);
    expect(params.Action).toBe('CreateStack');
    expect(params['Parameters.member.1.ParameterValue']).toBe(PARAM_VALUE);
    expect(params['Capabilities.member.1']).toBe('CAPABILITY_IAM');
  });

  it('verifies a botocore presigned URL', async () => {
    const { url } = runBotocore<{ url: string }>({
      mode: 'presign',
      region: 'cloudstack-zone-1',
      endpoint: ENDPOINT,
      akid: AKID,
      secret: SECRET,
      operation: 'describe_stacks',
      params: { StackName: PARAM_VALUE },
      expires: 300,
      httpMethod: 'GET',
    });
    const { path, query } = splitRequestUrl(url.slice(ENDPOINT.length));
    expect(query.StackName).toBe(PARAM_VALUE);
    const request: SigV4Request = { method: 'GET', path, query, headers: { host: HOST }, body: Buffer.alloc(0) };
    expect((await verifySigV4(request, lookupSecret)).region).toBe('cloudstack-zone-1');
  });
});

describe('verifySigV4 failures', () => {
  it('rejects a signature made with the wrong secret', async () => {
    const request = await smithySigned({ secret: 'not-the-secret' });
    const error = await captureError(verifySigV4(request, lookupSecret));
    expect([error.code, error.httpStatus, error.type]).toEqual(['SignatureDoesNotMatch', 403, 'Sender']);
    expect(error.message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
        'Access Key and signing method. Consult the service documentation for details.',
    );
  });

  it('rejects an unknown access key', async () => {
    const request = await smithySigned({});
    const error = await captureError(verifySigV4(request, async () => undefined));
    expect([error.code, error.httpStatus]).toEqual(['InvalidClientTokenId', 403]);
    expect(error.message).toBe('The security token included in the request is invalid.');
  });

  it('rejects a request without any authentication', async () => {
    const request: SigV4Request = {
      method: 'POST',
      path: '/',
      query: {},
      headers: { host: HOST },
      body: Buffer.from(FORM_BODY),
    };
    const error = await captureError(verifySigV4(request, lookupSecret));
    expect([error.code, error.httpStatus, error.message]).toEqual([
      'MissingAuthenticationToken',
      403,
      'Request is missing Authentication Token',
    ]);
  });

  it('rejects a truncated Authorization header', async () => {
    const request = await smithySigned({});
    const authorization = String(request.headers.authorization);
    const truncated = authorization.slice(0, authorization.indexOf(', Signature='));
    const error = await captureError(
      verifySigV4({ ...request, headers: { ...request.headers, authorization: truncated } }, lookupSecret),
    );
    expect([error.code, error.httpStatus]).toEqual(['IncompleteSignature', 403]);
    expect(error.message).toContain("Authorization header requires 'Signature' parameter.");
  });

  it('rejects a malformed credential scope and a foreign algorithm', async () => {
    const request = await smithySigned({});
    const authorization = String(request.headers.authorization);
    const badScope = authorization.replace(/Credential=[^,]+/, `Credential=${AKID}/20261125/cloudformation`);
    expect(
      (
        await captureError(
          verifySigV4({ ...request, headers: { ...request.headers, authorization: badScope } }, lookupSecret),
        )
      ).code,
    ).toBe('IncompleteSignature');
    expect(
      (
        await captureError(
          verifySigV4({ ...request, headers: { ...request.headers, authorization: 'Bearer abc' } }, lookupSecret),
        )
      ).code,
    ).toBe('IncompleteSignature');
  });

  it('rejects a scope for another service', async () => {
    const request = await smithySigned({});
    const authorization = String(request.headers.authorization).replace('/cloudformation/', '/ec2/');
    const error = await captureError(
      verifySigV4({ ...request, headers: { ...request.headers, authorization } }, lookupSecret),
    );
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.message).toContain("Credential should be scoped to correct service: 'cloudformation'.");
  });

  it('rejects a date skewed by more than 15 minutes, in either direction', async () => {
    const signedAt = new Date('2026-11-25T10:00:00Z');
    const request = await smithySigned({ signingDate: signedAt });
    const past = await captureError(verifySigV4(request, lookupSecret, { now: new Date('2026-11-25T10:15:01Z') }));
    expect([past.code, past.httpStatus]).toEqual(['SignatureDoesNotMatch', 403]);
    expect(past.message).toBe(
      'Signature expired: 20261125T100000Z is now earlier than 20261125T100001Z (20261125T101501Z - 15 min.)',
    );
    const future = await captureError(verifySigV4(request, lookupSecret, { now: new Date('2026-11-25T09:44:00Z') }));
    expect(future.message).toBe(
      'Signature not yet current: 20261125T100000Z is still later than 20261125T095900Z (20261125T094400Z + 15 min.)',
    );
    await expect(verifySigV4(request, lookupSecret, { now: new Date('2026-11-25T10:14:59Z') })).resolves.toMatchObject({
      accessKeyId: AKID,
    });
  });

  it('rejects a signed x-amz-content-sha256 that does not match the body', async () => {
    const signer = new SignatureV4({
      credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
      region: 'r1',
      service: 'cloudformation',
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      path: '/',
      headers: { host: HOST, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      body: Buffer.from(FORM_BODY),
    });
    expect(String(signed.headers.authorization)).toContain('x-amz-content-sha256');
    const request: SigV4Request = {
      method: 'POST',
      path: '/',
      query: {},
      headers: signed.headers,
      body: Buffer.from(FORM_BODY),
    };
    expect((await captureError(verifySigV4(request, lookupSecret))).code).toBe('SignatureDoesNotMatch');
  });

  it('turns a failing secret lookup into InternalFailure', async () => {
    const request = await smithySigned({});
    const error = await captureError(
      verifySigV4(request, async () => {
        throw new Error('db down');
      }),
    );
    expect([error.code, error.httpStatus, error.type]).toEqual(['InternalFailure', 500, 'Receiver']);
  });
});
