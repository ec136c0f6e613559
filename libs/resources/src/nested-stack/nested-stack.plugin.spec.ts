import { ResourceRegistry } from '../resource-registry';
import { StackTemplateChecker } from '../stack-template-checker';
import { WaitConditionHandlePlugin } from '../wait-condition-handle/wait-condition-handle.plugin';
import { NestedStackPlugin, nestedStackSettings } from './nested-stack.plugin';

const checker = new StackTemplateChecker(
  new ResourceRegistry([
    new NestedStackPlugin({ allowedDirectories: ['/srv/templates'] }),
    new WaitConditionHandlePlugin(),
  ]),
);

const parent = (templateUrl: unknown, attribute = 'Outputs.Address') =>
  JSON.stringify({
    Parameters: { Url: { Type: 'String', Default: 'https://example.com/t.json' } },
    Resources: {
      Child: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: { TemplateURL: templateUrl, Parameters: { Size: 2 }, TimeoutInMinutes: 5 },
      },
      After: {
        Type: 'AWS::CloudFormation::WaitConditionHandle',
        Metadata: { Address: { 'Fn::GetAtt': ['Child', attribute] } },
      },
    },
    Outputs: { Address: { Value: { 'Fn::GetAtt': ['Child', attribute] } } },
  });

describe('AWS::CloudFormation::Stack', () => {
  it('accepts http(s) URLs, files in allowed directories and URLs given by functions; reads Outputs.<Name>', () => {
    expect(() => checker.parseAndCheck(parent('https://templates.example.com/network.yaml'))).not.toThrow();
    expect(() => checker.parseAndCheck(parent('/srv/templates/network.yaml'))).not.toThrow();
    expect(() => checker.parseAndCheck(parent('file:///srv/templates/sub/network.yaml'))).not.toThrow();
    expect(() => checker.parseAndCheck(parent({ Ref: 'Url' }))).not.toThrow();
  });

  it('refuses at once a TemplateURL outside the allowed places', () => {
    expect(() => checker.parseAndCheck(parent('/etc/passwd'))).toThrow(
      'Properties validation failed for resource Child with message: TemplateURL must be a supported URL. /etc/passwd: /etc/passwd is not inside an allowed template directory',
    );
    expect(() => checker.parseAndCheck(parent('file:///srv/templates/../secrets/t.json'))).toThrow(
      /TemplateURL must be a supported URL\./,
    );
    expect(() => checker.parseAndCheck(parent('s3://bucket/t.json'))).toThrow(/the s3 scheme is not supported/);
  });

  it('has no attributes but the outputs of its child', () => {
    expect(() => checker.parseAndCheck(parent('https://example.com/t.json', 'Arn'))).toThrow(
      'Template error: resource Child does not support attribute type Arn in Fn::GetAtt',
    );
    expect(() => checker.parseAndCheck(parent('https://example.com/t.json', 'Outputs.'))).toThrow(
      /does not support attribute type Outputs\./,
    );
  });

  it('passes parameters as strings (lists comma-delimited), with the timeout in minutes', () => {
    expect(
      nestedStackSettings({
        TemplateURL: 'https://x/t',
        Parameters: { A: 1, B: ['x', 'y'], C: true },
        TimeoutInMinutes: '3',
      }),
    ).toEqual({
      templateUrl: 'https://x/t',
      timeoutMinutes: 3,
      tags: [],
      parameters: [
        { key: 'A', value: '1' },
        { key: 'B', value: 'x,y' },
        { key: 'C', value: 'true' },
      ],
    });
    expect(() => nestedStackSettings({ TemplateURL: 'https://x/t', TimeoutInMinutes: 0 })).toThrow(
      /TimeoutInMinutes must be a positive whole number/,
    );
  });
});
