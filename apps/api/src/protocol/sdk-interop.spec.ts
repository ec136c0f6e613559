import { Readable } from 'node:stream';

import {
  ChangeSetNotFoundException,
  CloudFormationClient,
  CloudFormationClientConfig,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';

import { runBotocore } from './__fixtures__/botocore-harness';
import { AwsError, changeSetNotFound, validationError } from './aws-error';
import { parseQueryBody, readParameters, readStringList } from './query-params';
import { SigV4Request, verifySigV4 } from './sigv4-verifier';
import { renderErrorResponse, renderQueryResult } from './xml-response';

const AKID = 'AKIDCLOUDSTACK0002';
const SECRET = 'secret+/with=odd chars';
const HOST = 'localhost:4566';
const ENDPOINT = `http://${HOST}`;
const lookupSecret = async (id: string) => (id === AKID ? SECRET : undefined);

interface CapturedRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** A JS SDK v3 client whose transport hands the signed request to the test and answers with `reply`. */
function jsClient(reply: { status: number; xml: string }) {
  const seen: CapturedRequest[] = [];
  const requestHandler = {
    handle: async (request: CapturedRequest) => {
      seen.push(request);
      return {
        response: {
          statusCode: reply.status,
          headers: { 'x-amzn-requestid': 'req-js', 'content-type': 'text/xml' },
          body: Readable.from([Buffer.from(reply.xml, 'utf8')]),
        },
      };
    },
  };
  const client = new CloudFormationClient({
    region: 'cloudstack-zone-1',
    endpoint: ENDPOINT,
    credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
    maxAttempts: 1,
    requestHandler: requestHandler as unknown as CloudFormationClientConfig['requestHandler'],
  });
  return { client, seen };
}

const toSigV4Request = (captured: CapturedRequest): SigV4Request => ({
  method: captured.method,
  path: captured.path,
  query: captured.query ?? {},
  headers: captured.headers,
  body: Buffer.from(captured.body ?? ''),
});

const stacksResult = {
  Stacks: [
    {
      StackId: 'arn:aws:cloudformation:cloudstack-zone-1:000000000001:stack/demo/6b1e',
      StackName: 'demo',
      CreationTime: new Date('2026-11-25T01:02:03.456Z'),
      StackStatus: 'CREATE_COMPLETE',
      DisableRollback: false,
      Parameters: [{ ParameterKey: 'Greeting', ParameterValue: 'a b+c <&> ü' }],
      Outputs: [],
      Tags: [{ Key: 'team', Value: 'core' }],
    },
  ],
};

describe('AWS SDK for JavaScript v3 against the protocol layer', () => {
  it('signs requests the verifier accepts and that parse back to the same parameters', async () => {
    const { client, seen } = jsClient({ status: 200, xml: renderQueryResult('CreateStack', { StackId: 'id-1' }, 'r') });
    const out = await client.send(
      new CreateStackCommand({
        StackName: 'demo',
        TemplateBody: '{}',
        Parameters: [{ ParameterKey: 'Greeting', ParameterValue: 'a b+c=d ü 😀' }],
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    expect(out.StackId).toBe('id-1');
    const request = toSigV4Request(seen[0]);
    expect(request.headers.host).toBe(HOST);
    await expect(verifySigV4(request, lookupSecret)).resolves.toMatchObject({ region: 'cloudstack-zone-1' });
    const params = parseQueryBody(request.body);
    expect(params.Action).toBe('CreateStack');
    expect(readParameters(params)).toEqual([{ ParameterKey: 'Greeting', ParameterValue: 'a b+c=d ü 😀' }]);
    expect(readStringList(params, 'Capabilities')).toEqual(['CAPABILITY_IAM']);
  });

  it('parses rendered results: members, dates, booleans, empty lists, request id', async () => {
    const { client } = jsClient({ status: 200, xml: renderQueryResult('DescribeStacks', stacksResult, 'req-body') });
    const out = await client.send(new DescribeStacksCommand({ StackName: 'demo' }));
    const stack = out.Stacks?.[0];
    expect(stack?.CreationTime).toEqual(new Date('2026-11-25T01:02:03.456Z'));
    expect(stack?.DisableRollback).toBe(false);
    expect(stack?.Parameters).toEqual([{ ParameterKey: 'Greeting', ParameterValue: 'a b+c <&> ü' }]);
    expect(stack?.Outputs).toEqual([]);
    expect(stack?.Tags).toEqual([{ Key: 'team', Value: 'core' }]);
    expect(out.$metadata.requestId).toBe('req-js');
  });

  it('accepts a response without a Result element', async () => {
    const { client } = jsClient({ status: 200, xml: renderQueryResult('DeleteStack', undefined, 'r') });
    await expect(client.send(new DeleteStackCommand({ StackName: 'demo' }))).resolves.toBeDefined();
  });

  it('maps rendered errors to SDK exceptions with code, message and status', async () => {
    const notFound = changeSetNotFound('ChangeSet [x] does not exist');
    const { client } = jsClient({ status: notFound.httpStatus, xml: renderErrorResponse(notFound, 'req-e') });
    const error = await client.send(new DescribeStacksCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChangeSetNotFoundException);
    expect((error as ChangeSetNotFoundException).message).toBe('ChangeSet [x] does not exist');
    expect((error as ChangeSetNotFoundException).$metadata.httpStatusCode).toBe(404);

    const invalid = validationError('Stack with id demo does not exist');
    const second = jsClient({ status: 400, xml: renderErrorResponse(invalid, 'req-v') });
    const generic = await second.client.send(new DescribeStacksCommand({})).catch((e: unknown) => e);
    expect((generic as { name: string }).name).toBe('ValidationError');
    expect((generic as Error).message).toBe('Stack with id demo does not exist');
  });
});

describe('botocore against the protocol layer', () => {
  interface BotocoreOutcome {
    parsed?: Record<string, unknown> & { ResponseMetadata: { RequestId: string; HTTPStatusCode: number } };
    error?: { Error: { Code: string; Message: string; Type: string }; ResponseMetadata: { HTTPStatusCode: number } };
  }
  const call = (operation: string, params: Record<string, unknown>, status: number, xml: string) =>
    runBotocore<BotocoreOutcome>({
      mode: 'client',
      region: 'cloudstack-zone-1',
      endpoint: ENDPOINT,
      akid: AKID,
      secret: SECRET,
      operation,
      params,
      status,
      requestId: 'req-py',
      responseXml: xml,
    });

  it('parses rendered results', () => {
    const out = call(
      'describe_stacks',
      { StackName: 'demo' },
      200,
      renderQueryResult('DescribeStacks', stacksResult, 'req-xml'),
    );
    const stacks = out.parsed?.Stacks as Array<Record<string, unknown>>;
    expect(stacks[0].StackName).toBe('demo');
    expect(stacks[0].CreationTime).toBe('2026-11-25T01:02:03.456000+00:00');
    expect(stacks[0].DisableRollback).toBe(false);
    expect(stacks[0].Outputs).toEqual([]);
    expect(stacks[0].Parameters).toEqual([{ ParameterKey: 'Greeting', ParameterValue: 'a b+c <&> ü' }]);
    expect(out.parsed?.ResponseMetadata.RequestId).toBe('req-xml');
  });

  it('parses rendered errors', () => {
    const error: AwsError = validationError('No updates are to be performed.');
    const out = call(
      'update_stack',
      { StackName: 'demo', UsePreviousTemplate: true },
      400,
      renderErrorResponse(error, 'r'),
    );
    expect(out.error?.Error).toEqual({
      Type: 'Sender',
      Code: 'ValidationError',
      Message: 'No updates are to be performed.',
    });
    expect(out.error?.ResponseMetadata.HTTPStatusCode).toBe(400);
  });
});
