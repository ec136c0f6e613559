import { parseTemplate } from './parse-template';
import { summarizeTemplate, templateSummaryDetails } from './template-summary';
import type { TemplateDocument } from './template-types';

describe('summarizeTemplate', () => {
  it('describes parameters as ValidateTemplate does', () => {
    const template: TemplateDocument = {
      Description: 'demo',
      Parameters: {
        Password: { Type: 'String', NoEcho: true, Description: 'secret' },
        Size: { Type: 'Number', Default: 2 },
        Zones: { Type: 'CommaDelimitedList', Default: ['a', 'b'], NoEcho: 'false' },
      },
      Resources: { Vm: { Type: 'CloudStack::VirtualMachine' } },
    };
    expect(summarizeTemplate(template)).toEqual({
      Description: 'demo',
      Parameters: [
        { ParameterKey: 'Password', NoEcho: true, Description: 'secret' },
        { ParameterKey: 'Size', DefaultValue: '2', NoEcho: false },
        { ParameterKey: 'Zones', DefaultValue: 'a,b', NoEcho: false },
      ],
    });
  });

  it('asks for CAPABILITY_IAM for IAM resources', () => {
    const summary = summarizeTemplate({
      Resources: {
        Role: { Type: 'AWS::IAM::Role' },
        Policy: { Type: 'AWS::IAM::Policy' },
        Role2: { Type: 'AWS::IAM::Role' },
      },
    });
    expect(summary.Capabilities).toEqual(['CAPABILITY_IAM']);
    expect(summary.CapabilitiesReason).toBe(
      'The following resource(s) require capabilities: [AWS::IAM::Role, AWS::IAM::Policy]',
    );
  });

  it('asks for CAPABILITY_NAMED_IAM when an IAM resource has a custom name', () => {
    const summary = summarizeTemplate({
      Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'fixed' } } },
    });
    expect(summary.Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
  });

  it('lists declared transforms, which need CAPABILITY_AUTO_EXPAND', () => {
    const summary = summarizeTemplate({ Transform: 'AWS::Serverless-2016-10-31', Resources: { A: { Type: 'T' } } });
    expect(summary.DeclaredTransforms).toEqual(['AWS::Serverless-2016-10-31']);
    expect(summary.Capabilities).toEqual(['CAPABILITY_AUTO_EXPAND']);
  });

  it('leaves out empty Capabilities and DeclaredTransforms, as AWS does', () => {
    const summary = summarizeTemplate({ Resources: { A: { Type: 'T' } } });
    expect(summary).toEqual({ Parameters: [] });
  });

  it('masks the default of a NoEcho parameter', () => {
    const summary = summarizeTemplate({
      Parameters: { P: { Type: 'String', NoEcho: 'true', Default: 's3cret' } },
      Resources: { A: { Type: 'T' } },
    });
    expect(summary.Parameters).toEqual([{ ParameterKey: 'P', NoEcho: true, DefaultValue: '****' }]);
  });
});

describe('templateSummaryDetails (GetTemplateSummary)', () => {
  // Expected values from the GetTemplateSummary answer AWS gave for LocalStack's cfn_kinesis_stream.yaml
  // (tests/aws/services/cloudformation/resources/test_kinesis.snapshot.json); AWS's list order is not specified.
  it('describes parameters with type and constraints, resource types, capabilities and version', () => {
    const template = parseTemplate(`
AWSTemplateFormatVersion: 2010-09-09
Parameters:
  KinesisStreamName: {Type: String}
  DeliveryStreamName: {Type: String}
  KinesisRoleName: {Type: String}
Resources:
  MyRole: {Type: AWS::IAM::Role, Properties: {RoleName: !Ref KinesisRoleName}}
  MyBucket: {Type: AWS::S3::Bucket}
  KinesisStream: {Type: AWS::Kinesis::Stream}
  DeliveryStream: {Type: AWS::KinesisFirehose::DeliveryStream}
`);
    const summary = templateSummaryDetails(template);
    expect(summary.Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(summary.CapabilitiesReason).toBe('The following resource(s) require capabilities: [AWS::IAM::Role]');
    expect(summary.Version).toBe('2010-09-09');
    expect(summary.Parameters).toEqual(
      expect.arrayContaining([
        { NoEcho: false, ParameterConstraints: {}, ParameterKey: 'KinesisRoleName', ParameterType: 'String' },
        { NoEcho: false, ParameterConstraints: {}, ParameterKey: 'DeliveryStreamName', ParameterType: 'String' },
        { NoEcho: false, ParameterConstraints: {}, ParameterKey: 'KinesisStreamName', ParameterType: 'String' },
      ]),
    );
    expect(summary.Parameters).toHaveLength(3);
    expect([...summary.ResourceTypes].sort()).toEqual([
      'AWS::IAM::Role',
      'AWS::Kinesis::Stream',
      'AWS::KinesisFirehose::DeliveryStream',
      'AWS::S3::Bucket',
    ]);
    expect(summary).not.toHaveProperty('DeclaredTransforms');
    expect(summary).not.toHaveProperty('Description');
  });

  it('gives AllowedValues as text, Metadata as JSON, logical ids per type, and unrecognised types as warnings', () => {
    const summary = templateSummaryDetails(
      {
        Description: 'demo',
        Metadata: { TopicName: 'sns-topic-simple' },
        Parameters: { Size: { Type: 'Number', AllowedValues: [1, 2], Default: 1, Description: 'how many' } },
        Resources: { A: { Type: 'T' }, B: { Type: 'T' }, C: { Type: 'U' } },
      },
      ['U'],
    );
    expect(summary).toEqual({
      Description: 'demo',
      Metadata: '{"TopicName":"sns-topic-simple"}',
      Parameters: [
        {
          ParameterKey: 'Size',
          ParameterType: 'Number',
          DefaultValue: '1',
          NoEcho: false,
          Description: 'how many',
          ParameterConstraints: { AllowedValues: ['1', '2'] },
        },
      ],
      ResourceTypes: ['T', 'U'],
      Version: '2010-09-09',
      ResourceIdentifierSummaries: [
        { ResourceType: 'T', LogicalResourceIds: ['A', 'B'] },
        { ResourceType: 'U', LogicalResourceIds: ['C'] },
      ],
      Warnings: { UnrecognizedResourceTypes: ['U'] },
    });
  });
});
