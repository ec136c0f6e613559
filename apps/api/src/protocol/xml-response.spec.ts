import { AwsError, stackNotFound, validationError } from './aws-error';
import { renderErrorResponse, renderQueryResult } from './xml-response';

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const DECL = '<?xml version="1.0" encoding="UTF-8"?>';

describe('renderQueryResult', () => {
  it('wraps the result in {Action}Response/{Action}Result with the request id', () => {
    expect(renderQueryResult('CreateStack', { StackId: 'arn:aws:cloudformation:z1:123:stack/s/u' }, 'req-1')).toBe(
      `${DECL}<CreateStackResponse xmlns="${NS}"><CreateStackResult>` +
        '<StackId>arn:aws:cloudformation:z1:123:stack/s/u</StackId></CreateStackResult>' +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></CreateStackResponse>',
    );
  });

  it('omits the Result element for operations without output', () => {
    expect(renderQueryResult('DeleteStack', undefined, 'req-2')).toBe(
      `${DECL}<DeleteStackResponse xmlns="${NS}"><ResponseMetadata><RequestId>req-2</RequestId>` +
        '</ResponseMetadata></DeleteStackResponse>',
    );
  });

  it('renders an empty output shape as an empty Result element', () => {
    expect(renderQueryResult('ExecuteChangeSet', {}, 'r')).toContain('<ExecuteChangeSetResult/>');
  });

  it('renders lists as member elements, nested structures, dates, booleans and numbers', () => {
    const xml = renderQueryResult(
      'DescribeStacks',
      {
        Stacks: [
          {
            StackName: 's1',
            CreationTime: new Date(Date.UTC(2026, 10, 25, 1, 2, 3, 45)),
            DisableRollback: false,
            EnableTerminationProtection: true,
            TimeoutInMinutes: 30,
            Description: null,
            RoleARN: undefined,
            Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
            Outputs: [],
            Parameters: [{ ParameterKey: 'K', ParameterValue: '' }],
          },
        ],
        NextToken: undefined,
      },
      'r',
    );
    expect(xml).toContain(
      '<DescribeStacksResult><Stacks><member><StackName>s1</StackName>' +
        '<CreationTime>2026-11-25T01:02:03.045Z</CreationTime>' +
        '<DisableRollback>false</DisableRollback><EnableTerminationProtection>true</EnableTerminationProtection>' +
        '<TimeoutInMinutes>30</TimeoutInMinutes>' +
        '<Capabilities><member>CAPABILITY_IAM</member><member>CAPABILITY_NAMED_IAM</member></Capabilities>' +
        '<Outputs/><Parameters><member><ParameterKey>K</ParameterKey><ParameterValue/></member></Parameters>' +
        '</member></Stacks></DescribeStacksResult>',
    );
    expect(xml).not.toMatch(/Description|RoleARN|NextToken/);
  });

  it('renders a Map as awsQuery entry/key/value pairs', () => {
    const xml = renderQueryResult('X', { Ids: new Map([['InstanceId', 'i-1']]) }, 'r');
    expect(xml).toContain('<Ids><entry><key>InstanceId</key><value>i-1</value></entry></Ids>');
  });

  it('escapes markup and replaces characters XML 1.0 cannot carry', () => {
    const xml = renderQueryResult('GetTemplate', { TemplateBody: '{"a":"<b> & \'c\' \u0001"}' }, 'r');
    expect(xml).toContain('<TemplateBody>{"a":"&lt;b&gt; &amp; \'c\' \uFFFD"}</TemplateBody>');
  });
});

describe('renderErrorResponse', () => {
  it('renders the AWS ErrorResponse document', () => {
    expect(renderErrorResponse(validationError('Stack with id <x> does not exist'), 'req-3')).toBe(
      `${DECL}<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>ValidationError</Code>` +
        '<Message>Stack with id &lt;x&gt; does not exist</Message></Error><RequestId>req-3</RequestId></ErrorResponse>',
    );
  });

  it('carries the Receiver type for server faults', () => {
    const xml = renderErrorResponse(new AwsError('InternalFailure', 'boom', 500, 'Receiver'), 'r');
    expect(xml).toContain('<Type>Receiver</Type><Code>InternalFailure</Code>');
    expect(renderErrorResponse(stackNotFound('gone'), 'r')).toContain('<Code>StackNotFoundException</Code>');
  });
});
