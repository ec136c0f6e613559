import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateSummaryCommand,
  Stack,
  StackEvent,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { createConnection } from 'mysql2/promise';

import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { waitUntil } from '../support/wait-until';
import {
  CREATED,
  CreatedCase,
  ExpectedOutput,
  REJECTED_AT_CREATE,
  signalUrlPattern,
} from './localstack-recorded-cases';

const REGION = 'cloudstack-1';
const bodyOf = (template: string | object) => (typeof template === 'string' ? template : JSON.stringify(template));
const asParameters = (values: Record<string, string> = {}) =>
  Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

interface Settled {
  status: string;
  stack: Stack;
  resources: string[];
}

describe('the template language through the AWS SDK (api → validator → planner → provisioner)', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 50 });
  const cfn = (): CloudFormationClient => system.cloudFormation({ region: REGION });
  let sequence = 0;
  const uniqueName = (prefix: string) => `${prefix}-${++sequence}`;

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  async function createAndSettle(
    stackName: string,
    body: string,
    parameters: Record<string, string> = {},
  ): Promise<Settled> {
    await cfn().send(
      new CreateStackCommand({ StackName: stackName, TemplateBody: body, Parameters: asParameters(parameters) }),
    );
    const status = await settledStatus(cfn(), stackName, 150_000);
    const [stack] = (await cfn().send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    const { StackResources = [] } = await cfn().send(new DescribeStackResourcesCommand({ StackName: stackName }));
    const resources = StackResources.filter((r) => r.ResourceStatus === 'CREATE_COMPLETE')
      .map((r) => r.LogicalResourceId!)
      .sort();
    return { status, stack, resources };
  }

  async function eventsOf(stackName: string): Promise<StackEvent[]> {
    const { StackEvents = [] } = await cfn().send(new DescribeStackEventsCommand({ StackName: stackName }));
    return StackEvents;
  }

  describe('ValidateTemplate and GetTemplateSummary', () => {
    // api/test_templates::test_validate_template: AWS lists each parameter's key, description and NoEcho, and leaves
    // out Capabilities and DeclaredTransforms when there are none.
    it('describes parameters as AWS does', async () => {
      const body = JSON.stringify({
        Parameters: {
          KeyExample: {
            Description: 'The EC2 Key Pair to allow SSH access to the instance',
            Type: 'AWS::EC2::KeyPair::KeyName',
          },
        },
        Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
      });
      const answer = await cfn().send(new ValidateTemplateCommand({ TemplateBody: body }));
      expect(answer.Parameters).toEqual([
        {
          Description: 'The EC2 Key Pair to allow SSH access to the instance',
          NoEcho: false,
          ParameterKey: 'KeyExample',
        },
      ]);
      expect(answer.Capabilities).toBeUndefined();
      expect(answer.DeclaredTransforms).toBeUndefined();
    });

    // api/test_templates::test_validate_invalid_json_template_should_fail
    it('places a JSON syntax error as AWS does', async () => {
      await expect(
        cfn().send(new ValidateTemplateCommand({ TemplateBody: '{"this is invalid JSON"="bobbins"}' })),
      ).rejects.toMatchObject({
        name: 'ValidationError',
        message: 'Template format error: JSON not well-formed. (line 1, column 25)',
      });
    });

    // api/test_templates::test_create_stack_invalid_yaml_template_should_fail (AWS adds the position after the text)
    it('refuses malformed YAML', async () => {
      const body =
        'Resources:\n  MyBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n        BucketName: test\n      VersioningConfiguration:\n        Status: Enabled\n';
      await expect(
        cfn().send(new CreateStackCommand({ StackName: uniqueName('bad-yaml'), TemplateBody: body })),
      ).rejects.toMatchObject({
        name: 'ValidationError',
        message: expect.stringMatching(/^Template format error: YAML not well-formed\./),
      });
    });

    it('summarises parameters with type, default, constraints and NoEcho, and the template around them', async () => {
      const body = `AWSTemplateFormatVersion: '2010-09-09'
Description: summary demo
Transform: AWS::LanguageExtensions
Metadata:
  TopicName: sns-topic-simple
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod], Description: where}
  Count: {Type: Number, Default: 2}
  Password: {Type: String, NoEcho: true}
  Zone: {Type: CloudStack::Zone::Name}
Resources:
  Handle: {Type: AWS::CloudFormation::WaitConditionHandle}
  Vm: {Type: CloudStack::VirtualMachine, Properties: {TemplateId: debian-12, ServiceOfferingId: Small Instance}}
`;
      const summary = await cfn().send(new GetTemplateSummaryCommand({ TemplateBody: body }));
      expect(summary.Parameters).toEqual([
        {
          ParameterKey: 'Env',
          ParameterType: 'String',
          DefaultValue: 'dev',
          NoEcho: false,
          Description: 'where',
          ParameterConstraints: { AllowedValues: ['dev', 'prod'] },
        },
        { ParameterKey: 'Count', ParameterType: 'Number', DefaultValue: '2', NoEcho: false, ParameterConstraints: {} },
        { ParameterKey: 'Password', ParameterType: 'String', NoEcho: true, ParameterConstraints: {} },
        { ParameterKey: 'Zone', ParameterType: 'CloudStack::Zone::Name', NoEcho: false, ParameterConstraints: {} },
      ]);
      expect(summary).toMatchObject({
        Description: 'summary demo',
        ResourceTypes: ['AWS::CloudFormation::WaitConditionHandle', 'CloudStack::VirtualMachine'],
        Version: '2010-09-09',
        DeclaredTransforms: ['AWS::LanguageExtensions'],
        Capabilities: ['CAPABILITY_AUTO_EXPAND'],
      });
      expect(JSON.parse(summary.Metadata!)).toEqual({ TopicName: 'sns-topic-simple' });
    });

    it('summarises an existing stack, and lists unknown types as warnings only when asked', async () => {
      const stackName = uniqueName('summary');
      const { status } = await createAndSettle(
        stackName,
        'Resources:\n  H: {Type: AWS::CloudFormation::WaitConditionHandle}\n',
      );
      expect(status).toBe('CREATE_COMPLETE');
      const summary = await cfn().send(new GetTemplateSummaryCommand({ StackName: stackName }));
      expect(summary).toMatchObject({
        Parameters: [],
        ResourceTypes: ['AWS::CloudFormation::WaitConditionHandle'],
        Version: '2010-09-09',
      });

      const unknown = 'Resources:\n  T: {Type: AWS::SNS::Topic}\n';
      await expect(cfn().send(new GetTemplateSummaryCommand({ TemplateBody: unknown }))).rejects.toMatchObject({
        name: 'ValidationError',
        message: 'Template format error: Unrecognized resource types: [AWS::SNS::Topic]',
      });
      const warned = await cfn().send(
        new GetTemplateSummaryCommand({
          TemplateBody: unknown,
          TemplateSummaryConfig: { TreatUnrecognizedResourceTypesAsWarnings: true },
        }),
      );
      expect(warned.Warnings).toEqual({ UnrecognizedResourceTypes: ['AWS::SNS::Topic'] });
    });

    // api/test_templates::test_get_template_summary_no_resources
    it('refuses a template without resources', async () => {
      await expect(cfn().send(new GetTemplateSummaryCommand({ TemplateBody: '{}' }))).rejects.toMatchObject({
        name: 'ValidationError',
        message: 'Template format error: At least one Resources member must be defined.',
      });
    });
  });

  describe('CreateStack refuses at once what AWS refused, in its words', () => {
    it.each(REJECTED_AT_CREATE.map((c) => [c.source, c] as const))('%s', async (_source, rejected) => {
      await expect(
        cfn().send(
          new CreateStackCommand({
            StackName: uniqueName('rejected'),
            TemplateBody: bodyOf(rejected.template),
            Parameters: asParameters(rejected.parameters),
          }),
        ),
      ).rejects.toMatchObject({
        name: 'ValidationError',
        message: rejected.message,
        $metadata: { httpStatusCode: 400 },
      });
    });

    it('names a value outside AllowedValues and a parameter the template does not declare', async () => {
      const body =
        'Parameters:\n  Env: {Type: String, AllowedValues: [dev, prod]}\nResources:\n  H: {Type: AWS::CloudFormation::WaitConditionHandle}\n';
      await expect(
        cfn().send(
          new CreateStackCommand({
            StackName: uniqueName('allowed'),
            TemplateBody: body,
            Parameters: asParameters({ Env: 'qa' }),
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationError', message: "Parameter 'Env' must be one of AllowedValues" });
      await expect(
        cfn().send(
          new CreateStackCommand({
            StackName: uniqueName('unknown'),
            TemplateBody: body,
            Parameters: asParameters({ Env: 'dev', Size: '1' }),
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationError', message: 'Parameters: [Size] do not exist in the template' });
    });

    // api/test_stacks::test_stack_name_creation
    it('names the stack name pattern as AWS does', async () => {
      await expect(
        cfn().send(new CreateStackCommand({ StackName: '*@da591fa3_$', TemplateBody: '{}' })),
      ).rejects.toMatchObject({
        name: 'ValidationError',
        message:
          "1 validation error detected: Value '*@da591fa3_$' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*",
      });
    });
  });

  describe('stacks evaluate to the values AWS produced', () => {
    const settled = new Map<CreatedCase, Promise<Settled & { stackName: string }>>();

    beforeAll(async () => {
      for (const created of CREATED) {
        // Some templates use the stack name as a mapping name, which must be alphanumeric.
        const stackName = typeof created.template === 'function' ? `Value${++sequence}` : uniqueName('value');
        const body = typeof created.template === 'function' ? created.template(stackName) : bodyOf(created.template);
        const result = createAndSettle(stackName, body, created.parameters).then((done) => ({ stackName, ...done }));
        result.catch(() => undefined); // reported by the case's own test
        settled.set(created, result);
      }
      await Promise.allSettled(settled.values());
    }, 170_000);

    const expectOutput = (
      actual: string | undefined,
      expected: ExpectedOutput,
      facts: { stackId: string; stackName: string; region: string },
    ) => {
      const value = typeof expected === 'function' ? expected(facts) : expected;
      if (value instanceof RegExp) expect(actual).toMatch(value);
      else expect(actual).toBe(value);
    };

    it.each(CREATED.map((c) => [c.source, c] as const))('%s', async (_source, created) => {
      const result = await settled.get(created)!;
      expect(result.status).toBe('CREATE_COMPLETE');
      const outputs = new Map(
        (result.stack.Outputs ?? []).map((output) => [output.OutputKey!, output.OutputValue ?? '']),
      );
      const facts = { stackId: result.stack.StackId!, stackName: result.stackName, region: REGION };
      for (const [key, expected] of Object.entries(created.outputs)) {
        expect(outputs.has(key)).toBe(true);
        expectOutput(outputs.get(key), expected, facts);
      }
      for (const key of created.absentOutputs ?? []) expect(outputs.has(key)).toBe(false);
      if (created.resources) expect(result.resources).toEqual(created.resources);
    });
  });

  describe('AWS::CloudFormation::WaitConditionHandle', () => {
    it('creates nothing in the cloud and is referred to by its pre-signed signal URL', async () => {
      const stackName = uniqueName('handle');
      const vmsBefore = await system.cloudStack().listAll('listVirtualMachines', { listall: true }, 'virtualmachine');
      const body =
        'Resources:\n  WebReady: {Type: AWS::CloudFormation::WaitConditionHandle}\nOutputs:\n  Url: {Value: !Ref WebReady}\n';
      const { status, stack } = await createAndSettle(stackName, body);
      expect(status).toBe('CREATE_COMPLETE');
      const url = stack.Outputs!.find((output) => output.OutputKey === 'Url')!.OutputValue!;
      expect(url).toMatch(signalUrlPattern(stack.StackId!, 'WebReady'));
      const { StackResources = [] } = await cfn().send(new DescribeStackResourcesCommand({ StackName: stackName }));
      expect(StackResources).toEqual([
        expect.objectContaining({
          LogicalResourceId: 'WebReady',
          PhysicalResourceId: url,
          ResourceStatus: 'CREATE_COMPLETE',
        }),
      ]);
      const vmsAfter = await system.cloudStack().listAll('listVirtualMachines', { listall: true }, 'virtualmachine');
      expect(vmsAfter).toHaveLength(vmsBefore.length);
    });
  });

  describe('NoEcho parameters', () => {
    const SECRET = 'S3cretValue-91f2';
    // api/test_stacks::test_no_echo_parameter: AWS masks NoEcho values (with or without a default) in DescribeStacks,
    // shows other parameters' defaults, and does not mask outputs.
    const body = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  NormalParameter: {Type: String, Description: "Some normal parameter here", Default: "Some default value here"}
  SecretParameter: {Type: String, NoEcho: true, Description: "Secret value here"}
  SecretParameterWithDefault: {Type: String, NoEcho: true, Description: "Secret value here", Default: "Default secret value here"}
Resources:
  LocalVm:
    Type: CloudStack::VirtualMachine
    Properties:
      TemplateId: debian-12
      ServiceOfferingId: Small Instance
      DisplayName: !Sub "vm-\${SecretParameter}"
    Metadata:
      SensitiveData: !Ref SecretParameter
Outputs:
  SecretValue:
    Description: "Secret value from parameter"
    Value: !Ref SecretParameter
`;
    let stackName = '';
    let stack: Stack;

    beforeAll(async () => {
      stackName = uniqueName('noecho');
      await cfn().send(
        new CreateStackCommand({
          StackName: stackName,
          TemplateBody: body,
          Parameters: asParameters({ SecretParameter: SECRET }),
        }),
      );
      // Masked from the first answer on, before the planner has the stack.
      const [early] = (await cfn().send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
      expect(early.Parameters).toEqual(
        expect.arrayContaining([{ ParameterKey: 'SecretParameter', ParameterValue: '****' }]),
      );
      expect(await settledStatus(cfn(), stackName, 120_000)).toBe('CREATE_COMPLETE');
      [stack] = (await cfn().send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    }, 150_000);

    it('masks them in DescribeStacks but not in outputs, as AWS does', () => {
      expect([...stack.Parameters!].sort((a, b) => a.ParameterKey!.localeCompare(b.ParameterKey!))).toEqual([
        { ParameterKey: 'NormalParameter', ParameterValue: 'Some default value here' },
        { ParameterKey: 'SecretParameter', ParameterValue: '****' },
        { ParameterKey: 'SecretParameterWithDefault', ParameterValue: '****' },
      ]);
      expect(stack.Outputs).toEqual([
        { Description: 'Secret value from parameter', OutputKey: 'SecretValue', OutputValue: SECRET },
      ]);
    });

    it('masks them in the properties stack events show', async () => {
      const events = (await eventsOf(stackName)).filter(
        (event) => event.LogicalResourceId === 'LocalVm' && event.ResourceProperties,
      );
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        expect(event.ResourceProperties).not.toContain(SECRET);
        expect(JSON.parse(event.ResourceProperties!)).toMatchObject({ DisplayName: 'vm-****' });
      }
    });

    it('keeps them out of the audit log and the service logs', async () => {
      const payloads = await waitUntil(
        'the audit log to hold the resource request',
        async () => {
          const rows = await auditPayloads(stack.StackId!.slice(-36));
          return rows.some((row) => row.routingKey.startsWith('resource.create.requested')) ? rows : undefined;
        },
        30_000,
      );
      expect(payloads.map((row) => row.routingKey)).toEqual(
        expect.arrayContaining(['stack.create.requested.v1', 'template.validated.v1', 'resource.create.requested.v1']),
      );
      expect(payloads.filter((row) => row.payload.includes(SECRET)).map((row) => row.routingKey)).toEqual([]);
      expect(system.logs.filter((line) => line.includes(SECRET))).toEqual([]);
    });

    it('hands the validator the template as the api parsed it, so that the body is not parsed twice', async () => {
      const rows = await waitUntil(
        'the audit log to hold the stack request',
        async () => {
          const found = await auditPayloads(stack.StackId!.slice(-36));
          return found.some((row) => row.routingKey === 'stack.create.requested.v1') ? found : undefined;
        },
        30_000,
      );
      const request = JSON.parse(rows.find((row) => row.routingKey === 'stack.create.requested.v1')!.payload);
      expect(Object.keys(request.template.Resources)).toContain('LocalVm');
      expect(request.template.Parameters.SecretParameter).toMatchObject({ NoEcho: true });
    });

    async function auditPayloads(stackId: string): Promise<Array<{ routingKey: string; payload: string }>> {
      const url = new URL(system.databaseUrl);
      const connection = await createConnection({
        host: url.hostname,
        port: Number(url.port || 3306),
        user: decodeURIComponent(url.username || 'root'),
        password: decodeURIComponent(url.password || ''),
        database: url.pathname.slice(1),
      });
      try {
        const [rows] = await connection.query(
          'SELECT routing_key AS routingKey, CAST(payload AS CHAR) AS payload FROM audit_log WHERE correlation_id = ?',
          [stackId],
        );
        return rows as Array<{ routingKey: string; payload: string }>;
      } finally {
        await connection.end();
      }
    }
  });

  describe('parameter types checked against the cloud, and Fn::GetAZs', () => {
    const catalogueTemplate = `Parameters:
  Zone: {Type: CloudStack::Zone::Name}
  Az: {Type: AWS::EC2::AvailabilityZone::Name, Default: Sim-Zone-1}
  Image: {Type: CloudStack::Template::Name, Default: debian-12}
  Size: {Type: CloudStack::ServiceOffering::Name, Default: Small Instance}
Resources:
  H: {Type: AWS::CloudFormation::WaitConditionHandle}
Outputs:
  Where: {Value: !Sub "\${Image}/\${Size}@\${Zone}"}
`;

    it('accepts names the cloud has', async () => {
      const { status, stack } = await createAndSettle(uniqueName('catalogue'), catalogueTemplate, {
        Zone: 'Sim-Zone-1',
      });
      expect(status).toBe('CREATE_COMPLETE');
      expect(stack.Outputs).toEqual([
        expect.objectContaining({ OutputKey: 'Where', OutputValue: 'debian-12/Small Instance@Sim-Zone-1' }),
      ]);
    });

    it.each([
      ['Zone', { Zone: 'Nowhere-1' }, 'Nowhere-1'],
      ['Image', { Zone: 'Sim-Zone-1', Image: 'windows-95' }, 'windows-95'],
      ['Size', { Zone: 'Sim-Zone-1', Size: 'Huge Instance' }, 'Huge Instance'],
      ['Az', { Zone: 'Sim-Zone-1', Az: 'us-east-1a' }, 'us-east-1a'],
    ])('rolls the stack back when %s names nothing in the cloud, in AWS words', async (name, parameters, value) => {
      const stackName = uniqueName('bad-catalogue');
      const { status, stack } = await createAndSettle(stackName, catalogueTemplate, parameters);
      expect(status).toBe('ROLLBACK_COMPLETE');
      const reasons = (await eventsOf(stackName)).map((event) => event.ResourceStatusReason ?? '');
      expect(reasons).toContain(
        `Parameter validation failed: parameter value ${value} for parameter name ${name} does not exist`,
      );
      expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    });

    it('checks key pair names when the cloud can list them, and says so when it cannot', async () => {
      const body =
        'Parameters:\n  Key: {Type: AWS::EC2::KeyPair::KeyName}\nResources:\n  H: {Type: AWS::CloudFormation::WaitConditionHandle}\n';
      const stackName = uniqueName('keypair');
      const cloudListsKeyPairs = await system
        .cloudStack()
        .listAll('listSSHKeyPairs', {}, 'sshkeypair')
        .then(
          () => true,
          (error) => {
            if ((error as { errorcode?: number }).errorcode !== 432) throw error;
            return false;
          },
        );
      const { status } = await createAndSettle(stackName, body, { Key: 'no-such-key' });
      if (cloudListsKeyPairs) {
        expect(status).toBe('ROLLBACK_COMPLETE');
      } else {
        expect(status).toBe('CREATE_COMPLETE');
        expect(
          system.logs.some((line) =>
            line.includes(`stack ${stackName}: parameter Key (AWS::EC2::KeyPair::KeyName) was not checked`),
          ),
        ).toBe(true);
      }
    });

    it('evaluates Fn::GetAZs to the zones of the cloud', async () => {
      const zones = (await system.cloudStack().listAll<{ name: string }>('listZones', { available: true }, 'zone')).map(
        (zone) => zone.name,
      );
      const body =
        'Resources:\n  H: {Type: AWS::CloudFormation::WaitConditionHandle}\nOutputs:\n  Zones: {Value: !Join [",", !GetAZs ""]}\n  First: {Value: !Select [0, !GetAZs {Ref: "AWS::Region"}]}\n';
      const { status, stack } = await createAndSettle(uniqueName('getazs'), body);
      expect(status).toBe('CREATE_COMPLETE');
      expect(stack.Outputs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ OutputKey: 'Zones', OutputValue: zones.join(',') }),
          expect.objectContaining({ OutputKey: 'First', OutputValue: zones[0] }),
        ]),
      );
    });

    it('rolls back a selection past the last zone, found by the validator', async () => {
      const stackName = uniqueName('getazs-range');
      const body =
        'Resources:\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\n    Metadata: {Zone: !Select [7, !GetAZs ""]}\n';
      const { status } = await createAndSettle(stackName, body);
      expect(status).toBe('ROLLBACK_COMPLETE');
      const reasons = (await eventsOf(stackName)).map((event) => event.ResourceStatusReason ?? '');
      expect(reasons).toContain('Template error: Fn::Select  cannot select nonexistent value at index 7');
    });
  });
});
