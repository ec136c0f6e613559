import { TemplateValidationError } from '@cfn/template';

import { ResourceRegistry } from './resource-registry';
import { MAX_TEMPLATE_BODY_BYTES, StackTemplateChecker } from './stack-template-checker';

const identity = {
  accountId: '123456789012',
  region: 'zone-1',
  stackId: 'arn:aws:cloudformation:zone-1:123456789012:stack/s/1',
  stackName: 's',
};
const checker = new StackTemplateChecker(ResourceRegistry.default());

const TEMPLATE = `
Parameters:
  Secret: {Type: String, NoEcho: true}
  Env: {Type: String, AllowedValues: [dev, prod], Default: dev}
Mappings:
  Sizes: {dev: {Type: Small Instance}, prod: {Type: Large Instance}}
Resources:
  Handle: {Type: AWS::CloudFormation::WaitConditionHandle}
  Vm:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: debian-12
      InstanceType: !FindInMap [Sizes, !Ref Env, Type]
      UserData: !Base64 {"Fn::Sub": "signal=\${Handle} secret=\${Secret}"}
`;

describe('StackTemplateChecker', () => {
  it('checks a stack request and names its NoEcho parameters', () => {
    const checked = checker.check(TEMPLATE, [{ ParameterKey: 'Secret', ParameterValue: 'pw' }], { identity });
    expect(checked.parameters).toEqual({ Secret: 'pw', Env: 'dev' });
    expect(checked.noEchoParameters).toEqual(['Secret']);
  });

  it('answers missing, unknown and disallowed parameters in AWS words', () => {
    expect(() => checker.check(TEMPLATE, [], { identity })).toThrow('Parameters: [Secret] must have values');
    expect(() =>
      checker.check(
        TEMPLATE,
        [
          { ParameterKey: 'Secret', ParameterValue: 'x' },
          { ParameterKey: 'Nope', ParameterValue: 'y' },
        ],
        { identity },
      ),
    ).toThrow('Parameters: [Nope] do not exist in the template');
    expect(() =>
      checker.check(
        TEMPLATE,
        [
          { ParameterKey: 'Secret', ParameterValue: 'x' },
          { ParameterKey: 'Env', ParameterValue: 'qa' },
        ],
        { identity },
      ),
    ).toThrow("Parameter 'Env' must be one of AllowedValues");
  });

  it('evaluates what parameters decide before accepting the stack', () => {
    const broken = TEMPLATE.replace('prod: {Type: Large Instance}', 'prod: {Kind: Large Instance}');
    expect(() =>
      checker.check(
        broken,
        [
          { ParameterKey: 'Secret', ParameterValue: 'x' },
          { ParameterKey: 'Env', ParameterValue: 'prod' },
        ],
        { identity },
      ),
    ).toThrow('Template error: Unable to get mapping for Sizes::prod::Type');
  });

  it('checks properties against the plugins, a wait condition handle taking none', () => {
    expect(() =>
      checker.parseAndCheck(
        'Resources:\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\n    Properties: {Timeout: 5}\n',
      ),
    ).toThrow('Properties validation failed for resource H with message: #: extraneous key [Timeout] is not permitted');
  });

  it('accepts intrinsic functions at any depth of a property, such as an inline rule chosen by Fn::If', () => {
    const template = (rule: string) => `
Conditions:
  Open: !Equals [a, a]
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: rules
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Sub "10.0.0.0/8" }
        - ${rule}
`;
    expect(() =>
      checker.parseAndCheck(
        template('!If [Open, {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}, !Ref AWS::NoValue]'),
      ),
    ).not.toThrow();
    // A rule that is neither a rule nor an intrinsic function is still refused.
    expect(() => checker.parseAndCheck(template('{FromPort: 80}'))).toThrow(
      /Properties validation failed for resource Sg/,
    );
  });

  it("accepts intrinsic functions as the values of a map property, such as a nested stack's Parameters", () => {
    const template = (value: string) => `
Resources:
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: g}}
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://example.com/child.yaml
      Parameters: {Group: ${value}, Size: 2, Names: [a, !Ref AWS::Region]}
`;
    for (const value of ['!Ref Sg', '!GetAtt Sg.GroupId', '!Sub "${AWS::StackName}-x"', '!Join [",", [a, b]]']) {
      expect(() => checker.parseAndCheck(template(value))).not.toThrow();
    }
    expect(() => checker.parseAndCheck(template('{NotAFunction: 1}'))).toThrow(
      /Properties validation failed for resource Child/,
    );
  });

  it('expands Fn::ForEach (AWS::LanguageExtensions) over a list parameter before checking the stack', () => {
    const body = `
Transform: AWS::LanguageExtensions
Parameters:
  Names: {Type: CommaDelimitedList, Default: "a,b"}
Resources:
  Fn::ForEach::Handles:
    - Name
    - !Ref Names
    - Handle\${Name}: {Type: AWS::CloudFormation::WaitConditionHandle}
Outputs:
  Fn::ForEach::Urls:
    - Name
    - !Ref Names
    - Url\${Name}: {Value: !Ref "Handle\${Name}"}
`;
    expect(Object.keys(checker.parseAndCheck(body).Resources)).toEqual(['Handlea', 'Handleb']);
    const checked = checker.check(body, [{ ParameterKey: 'Names', ParameterValue: 'x,y,z' }], { identity });
    expect(Object.keys(checked.template.Resources)).toEqual(['Handlex', 'Handley', 'Handlez']);
    expect(Object.keys(checked.template.Outputs ?? {})).toEqual(['Urlx', 'Urly', 'Urlz']);
    // The document the api hands on is checked again by the validator as it is.
    expect(
      checker.checkDocument(body, checked.template, [{ ParameterKey: 'Names', ParameterValue: 'x,y,z' }], { identity })
        .template,
    ).toEqual(checked.template);
    expect(() => checker.check(body.replace('Handle${Name}: {', 'Handle: {'), [], { identity })).toThrow(
      /must contain/,
    );
  });

  it('refuses bodies over the size limit, quoting the body as AWS does', () => {
    const body = `{"Resources": {"H": {"Type": "AWS::CloudFormation::WaitConditionHandle"}}, "Description": "${'x'.repeat(MAX_TEMPLATE_BODY_BYTES)}"}`;
    expect(() => checker.parseAndCheck(body)).toThrow(
      new TemplateValidationError(
        `1 validation error detected: Value '${body}' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200`,
      ),
    );
  });

  it('checks a document parsed before as it checks the body, without parsing the body again', () => {
    const supplied = [{ ParameterKey: 'Secret', ParameterValue: 'pw' }];
    const parsed = checker.check(TEMPLATE, supplied, { identity });
    expect(checker.checkDocument(TEMPLATE, parsed.template, supplied, { identity })).toEqual(parsed);
    // The body is only measured: a body that does not parse is not looked into.
    expect(checker.checkDocument('{ not a template', parsed.template, supplied, { identity })).toEqual(parsed);
  });

  it('refuses in a document parsed before whatever it refuses in a body', () => {
    const supplied = [{ ParameterKey: 'Secret', ParameterValue: 'pw' }];
    const parsed = checker.check(TEMPLATE, supplied, { identity }).template;
    const extraneous = {
      ...parsed,
      Resources: {
        ...parsed.Resources,
        H: { Type: 'AWS::CloudFormation::WaitConditionHandle', Properties: { Timeout: 5 } },
      },
    };
    expect(() => checker.checkDocument(TEMPLATE, extraneous, supplied, { identity })).toThrow(
      'Properties validation failed for resource H with message: #: extraneous key [Timeout] is not permitted',
    );
    expect(() => checker.checkDocument(TEMPLATE, parsed, [], { identity })).toThrow(
      'Parameters: [Secret] must have values',
    );
    const oversized = `${TEMPLATE}#${'x'.repeat(MAX_TEMPLATE_BODY_BYTES)}`;
    expect(() => checker.checkDocument(oversized, parsed, supplied, { identity })).toThrow(
      /Member must have length less than or equal to 51200/,
    );
  });

  it('lists unrecognised types for GetTemplateSummary when asked, and refuses them otherwise', () => {
    const body = 'Resources:\n  A: {Type: AWS::SNS::Topic}\n  H: {Type: AWS::CloudFormation::WaitConditionHandle}\n';
    expect(checker.parseForSummary(body, { unrecognizedTypesAsWarnings: true }).unrecognizedTypes).toEqual([
      'AWS::SNS::Topic',
    ]);
    expect(() => checker.parseForSummary(body)).toThrow(
      'Template format error: Unrecognized resource types: [AWS::SNS::Topic]',
    );
  });
});
