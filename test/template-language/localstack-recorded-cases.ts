/**
 * Expected values that LocalStack recorded against real AWS (`tests/aws/services/cloudformation/**` in the
 * localstack repository, `*.snapshot.json` and the tests' own assertions), encoded here for our system. Their
 * templates use AWS resource types this service does not provision (SNS topics, SSM parameters, S3 buckets);
 * here the same language constructs sit on AWS::CloudFormation::WaitConditionHandle resources, and where AWS read a
 * result back through a resource attribute we read it from an output computing the same expression.
 */

const HANDLE = 'AWS::CloudFormation::WaitConditionHandle';

export interface RejectedCase {
  /** The recorded test, file::test[id]. */
  source: string;
  template: string | object;
  parameters?: Record<string, string>;
  /** The ValidationError message AWS answered CreateStack / CreateChangeSet with. */
  message: string;
}

export const REJECTED_AT_CREATE: RejectedCase[] = [
  {
    source: 'api/test_stacks::test_no_parameters_given',
    template: `AWSTemplateFormatVersion: 2010-09-09\nParameters:\n  Input:\n    Type: String\nResources:\n  CustomParameter:\n    Type: ${HANDLE}\n    Metadata:\n      Value: !Ref Input\n`,
    message: 'Parameters: [Input] must have values',
  },
  {
    source: 'engine/test_mappings::test_mapping_with_nonexisting_key',
    template: simpleMapping(),
    parameters: { TopicName: 't', TopicNameSuffixSelector: 'C' },
    message: 'Template error: Unable to get mapping for TopicSuffixMap::C::Suffix',
  },
  {
    source: 'engine/test_mappings::test_async_mapping_error_second_level_v2',
    template: simpleMapping(),
    parameters: { TopicName: 't', TopicNameSuffixSelector: 'A', TopicAttributeSelector: 'NotValid' },
    message: 'Template error: Unable to get mapping for TopicSuffixMap::A::NotValid',
  },
  {
    source: 'engine/test_mappings::test_mapping_with_invalid_refs',
    template: simpleMapping({ A: { Suffix: { Ref: 'TopicNameSuffix' } }, B: { Suffix: 'suffix-b' } }, [
      'TopicNameSuffix',
    ]),
    parameters: { TopicName: 't', TopicNameSuffixSelector: 'C', TopicNameSuffix: 'suffix-c' },
    message: 'Template format error: Every Mappings attribute must be a String or a List.',
  },
  {
    source: 'engine/test_mappings::test_mapping_maximum_nesting_depth',
    template: simpleMapping({ A: { Suffix: { SuffixValue: 'suffix-a' } }, B: { Suffix: { SuffixValue: 'suffix-b' } } }),
    parameters: { TopicName: 't', TopicNameSuffixSelector: 'A' },
    message: 'Template format error: Every Mappings attribute must be a String or a List.',
  },
  {
    source: 'engine/test_mappings::test_mapping_minimum_nesting_depth',
    template: simpleMapping({ A: 'suffix-a', B: 'suffix-b' }),
    parameters: { TopicName: 't', TopicNameSuffixSelector: 'A' },
    message: 'Template format error: Every Mappings member A must be a map',
  },
  {
    source: 'engine/test_conditions::test_dependent_ref',
    template: refCondition('Value: !Ref MyTopic'),
    parameters: { OptionParameter: 'option-b' },
    message: 'Template format error: Unresolved resource dependencies [MyTopic] in the Resources block of the template',
  },
  {
    source: 'engine/test_conditions::test_dependent_get_att',
    // A wait condition handle has no attributes, so the conditional resource here is a virtual machine.
    template: refCondition(
      'Value: !GetAtt MyTopic.Name',
      'CloudStack::VirtualMachine\n    Properties: {TemplateId: debian-12, ServiceOfferingId: Small Instance}',
    ),
    parameters: { OptionParameter: 'option-b' },
    message: 'Template format error: Unresolved resource dependencies [MyTopic] in the Resources block of the template',
  },
  {
    source: 'engine/test_conditions::test_output_reference_to_skipped_resource',
    template: `Parameters:\n  OptionParameter: {Type: String, AllowedValues: [option-a, option-b]}\nResources:\n  MyTopic: {Type: ${HANDLE}, Condition: ShouldCreateTopic}\n  Other: {Type: ${HANDLE}}\nConditions:\n  ShouldCreateTopic: !Equals [!Ref OptionParameter, option-a]\nOutputs:\n  TopicRef:\n    Value: !Ref MyTopic\n`,
    parameters: { OptionParameter: 'option-b' },
    message: 'Unresolved resource dependencies [MyTopic] in the Outputs block of the template',
  },
  {
    source: 'engine/test_conditions::TestValidateConditions::test_validate_equals_args_len',
    template: { Conditions: { ShouldDeploy: { 'Fn::Equals': ['a'] } }, Resources: { Topic1: { Type: HANDLE } } },
    message: 'Template error: every Fn::Equals object requires a list of 2 string parameters.',
  },
  {
    source: 'engine/test_references::test_depends_on_with_missing_reference',
    template: `Resources:\n  MyResource:\n    Type: ${HANDLE}\n    DependsOn:\n      - NonExistingResource\n`,
    message:
      'Template format error: Unresolved resource dependencies [NonExistingResource] in the Resources block of the template',
  },
  {
    source: 'engine/test_references::test_useful_error_when_invalid_ref',
    template: { Resources: { Topic: { Type: HANDLE, Metadata: { Name: { Ref: 'InvalidRef' } } } } },
    message:
      'Template format error: Unresolved resource dependencies [InvalidRef] in the Resources block of the template',
  },
  {
    source: 'api/test_validations::test_invalid_output_structure[none-value]',
    template: { Resources: { Foo: { Type: HANDLE } }, Outputs: { MyOutput: { Value: null } } },
    message: "[/Outputs/MyOutput/Value] 'null' values are not allowed in templates",
  },
  {
    source: 'api/test_validations::test_invalid_output_structure[missing-def]',
    template: { Resources: { Foo: { Type: HANDLE } }, Outputs: { MyOutput: { Value: null, AnotherValue: null } } },
    message: "[/Outputs/MyOutput/Value] 'null' values are not allowed in templates",
  },
  {
    source: 'api/test_validations::test_invalid_output_structure[multiple-nones]',
    template: { Resources: { Foo: { Type: HANDLE } }, Outputs: { MyOutput: {} } },
    message: 'Template format error: Every Outputs member must contain a Value object',
  },
  {
    source: 'api/test_validations::test_missing_resources_block',
    template: {},
    message: 'Template format error: At least one Resources member must be defined.',
  },
  {
    source: 'api/test_validations::test_resources_blocks[missing-type]',
    template: { Resources: { A: { Properties: {} } } },
    message: 'Template format error: [/Resources/A] Every Resources object must contain a Type member.',
  },
  {
    source: 'api/test_validations::test_resources_blocks[invalid-key]',
    template: { Resources: { A: { Type: HANDLE, Invalid: 10 } } },
    message: "Invalid template resource property 'Invalid'",
  },
  {
    source: 'api/test_stacks::test_linting_error_during_creation',
    template: { Resources: '', Outputs: '' },
    message: 'Template format error: Any Resources member must be an object.',
  },
  {
    source: 'test_change_set_conditions::test_missing_condition',
    template: {
      Resources: {
        MyVpc: {
          Type: HANDLE,
          Metadata: { Tags: [{ 'Fn::If': ['MissingCondition', 'AWS::NoValue', 'AWS::NoValue'] }] },
        },
      },
    },
    message: 'Template error: unresolved condition dependency MissingCondition in Fn::If',
  },
  ...[
    ['non-integer-index', { 'Fn::Select': ['bad', ['test']] }],
    ['non-list-list', { 'Fn::Select': [0, 2] }],
    ['index-out-of-range', { 'Fn::Select': [100, ['test']] }],
  ].map(([id, select]) => ({
    source: `test_change_set_fn_select::test_invalid_select_index_type[${id as string}]`,
    template: { Resources: { MyParameter: { Type: HANDLE, Metadata: { Value: select } } } },
    message: 'Template error: Fn::Select requires a list argument with two elements: an integer index and a list',
  })),
  {
    source: 'test_change_set_fn_get_attr::test_invalid_structure[getatt_validation.yml]',
    template: `Parameters:\n  MyParameterValue:\n    Type: String\n    Default: x\nResources:\n  MyParameter:\n    Type: ${HANDLE}\n    Metadata:\n      Value: !Select [ 0, !Split [ "-", !GetAtt [ !Ref MyParameterValue ] ] ]\n`,
    message:
      'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
  },
  {
    source: 'test_change_set_fn_get_attr::test_invalid_structure[getatt_validation2.yml]',
    template: `Resources:\n  MyParameter1:\n    Type: ${HANDLE}\n  MyParameter2:\n    Type: ${HANDLE}\n    Metadata:\n      Value:\n        Fn::GetAtt:\n          - MyParameter1\n`,
    message:
      'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
  },
  {
    source: 'test_change_set_fn_split::test_validate_split_arguments_len',
    template: {
      Resources: { Parameter: { Type: HANDLE, Metadata: { Value: { 'Fn::Split': { Ref: 'AWS::Region' } } } } },
    },
    message:
      'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.',
  },
  {
    source: 'test_change_set_parameters::test_invalid_parameter_type',
    template: { Parameters: { Value: { Type: 'Number' } }, Resources: { MyParameter: { Type: HANDLE } } },
    parameters: { Value: 'not-a-number' },
    message: "Parameter 'Value' must be a number.",
  },
  {
    source: 'api/test_changesets::test_no_value_scenarios[parameter]',
    template: {
      Parameters: { 'AWS::NoValue': { Type: 'String', Default: 'foo' } },
      Resources: { MyParameter: { Type: HANDLE } },
    },
    message: 'Template format error: Parameter name AWS::NoValue is non alphanumeric.',
  },
  {
    source: 'api/test_changesets::test_no_value_scenarios[resource]',
    template: { Resources: { 'AWS::NoValue': { Type: HANDLE } } },
    message: 'Template format error: Resource name AWS::NoValue is non alphanumeric.',
  },
  {
    source: 'api/test_resources::test_invalid_logical_resource_id',
    template: { Resources: { 'my-bad-resource-id': { Type: HANDLE } } },
    message: 'Template format error: Resource name my-bad-resource-id is non alphanumeric.',
  },
  {
    source: 'test_template_engine::test_no_type',
    template: { Resources: { Foo: { Properties: {} } } },
    message: 'Template format error: [/Resources/Foo] Every Resources object must contain a Type member.',
  },
];

export interface StackFacts {
  stackId: string;
  stackName: string;
  region: string;
}

export type ExpectedOutput = string | RegExp | ((stack: StackFacts) => string | RegExp);

export interface CreatedCase {
  source: string;
  /** The template, or a function of the stack name for templates that use it as a literal. */
  template: string | object | ((stackName: string) => string);
  parameters?: Record<string, string>;
  /** Outputs AWS produced (a function of the stack gives the expected value from the stack's identity). */
  outputs: Record<string, ExpectedOutput>;
  /** Outputs that must be absent (their Condition is false). */
  absentOutputs?: string[];
  /** Logical ids of the resources the stack must have, exactly (those whose Condition holds). */
  resources?: string[];
}

const andOr = (fn: 'Fn::And' | 'Fn::Or') => ({
  Parameters: { Param1: { Type: 'String' }, Param2: { Type: 'String' } },
  Conditions: {
    condition1: { 'Fn::Equals': [{ Ref: 'Param1' }, '1'] },
    condition2: { 'Fn::Equals': [{ Ref: 'Param2' }, '1'] },
    condition3: { [fn]: [{ Condition: 'condition1' }, { Condition: 'condition2' }] },
  },
  Resources: { Always: { Type: HANDLE }, MyBucket: { Type: HANDLE, Condition: 'condition3' } },
});

export const CREATED: CreatedCase[] = [
  // test_template_engine::TestIntrinsicFunctions::test_and_or_functions: the bucket exists exactly when the condition holds.
  ...((['Fn::And', 'Fn::Or'] as const).flatMap((fn) =>
    [
      ['0', '0'],
      ['0', '1'],
      ['1', '0'],
      ['1', '1'],
    ].map(([p1, p2]) => {
      const holds = fn === 'Fn::And' ? p1 === '1' && p2 === '1' : p1 === '1' || p2 === '1';
      return {
        source: `test_template_engine::test_and_or_functions[${fn}-${p1}-${p2}]`,
        template: andOr(fn),
        parameters: { Param1: p1, Param2: p2 },
        outputs: {},
        resources: holds ? ['Always', 'MyBucket'] : ['Always'],
      };
    }),
  ) as CreatedCase[]),
  {
    source: 'test_template_engine::test_base64_sub_and_getatt_functions',
    template: {
      Parameters: { OriginalString: { Type: 'String' } },
      Resources: { H: { Type: HANDLE } },
      Outputs: {
        Encoded: { Value: { 'Fn::Base64': { 'Fn::Sub': ['${value}', { value: { Ref: 'OriginalString' } }] } } },
      },
    },
    parameters: { OriginalString: 'string-4f3c2a1b' },
    outputs: { Encoded: Buffer.from('string-4f3c2a1b').toString('base64') },
  },
  {
    source: 'test_template_engine::test_split_length_and_join_functions',
    template: `Parameters:\n  MultipleValues: {Type: String}\n  Value1: {Type: String}\n  Value2: {Type: String}\nTransform: "AWS::LanguageExtensions"\nResources:\n  H: {Type: ${HANDLE}}\nOutputs:\n  SplitResult:\n    Value: !Select ["0", !Split [";", !Ref MultipleValues]]\n  JoinResult:\n    Value: !Join ["_", [!Ref Value1, !Ref Value2]]\n  SplitJoin:\n    Value: !Join ["_", !Split [";", !Ref MultipleValues]]\n  LengthResult:\n    Value:\n      Fn::Length: !Split [";", !Ref MultipleValues]\n`,
    parameters: { MultipleValues: 'string-a1;string-b2', Value1: 'string-a1', Value2: 'string-b2' },
    // The test's commented-out expectations for SplitJoin and LengthResult follow AWS's documented semantics.
    outputs: {
      SplitResult: 'string-a1',
      JoinResult: 'string-a1_string-b2',
      SplitJoin: 'string-a1_string-b2',
      LengthResult: '2',
    },
  },
  {
    source: 'test_template_engine::test_find_map_function',
    template: `Parameters:\n  SelectedRegion: {Type: String, Default: east, AllowedValues: [east, west]}\nMappings:\n  east: {region: {key: us-east-1}}\n  west: {region: {key: us-west-1}}\nResources:\n  H: {Type: ${HANDLE}}\nOutputs:\n  Result:\n    Value: {"Fn::FindInMap": [!Ref SelectedRegion, region, key]}\n`,
    outputs: { Result: 'us-east-1' },
  },
  {
    source: 'test_template_engine::test_sub_number_type',
    template: `Parameters:\n  ResourceNamePrefix: {Type: String}\n  RestLatencyPreemptiveAlarmPeriod: {Type: Number}\n  RestLatencyPreemptiveAlarmEvaluationPeriods: {Type: Number, Default: 1}\n  RestLatencyPreemptiveAlarmThreshold: {Type: Number}\nResources:\n  H: {Type: ${HANDLE}}\nOutputs:\n  AlarmName:\n    Value: {"Fn::Sub": "\${ResourceNamePrefix}-\${RestLatencyPreemptiveAlarmPeriod}"}\n  Threshold:\n    Value: !Ref RestLatencyPreemptiveAlarmThreshold\n  Period:\n    Value: !Ref RestLatencyPreemptiveAlarmPeriod\n  Evaluations:\n    Value: {"Fn::Sub": "\${RestLatencyPreemptiveAlarmEvaluationPeriods}"}\n`,
    parameters: {
      ResourceNamePrefix: 'alarm-test-latency-preemptive',
      RestLatencyPreemptiveAlarmThreshold: '1000.0',
      RestLatencyPreemptiveAlarmPeriod: '60',
    },
    outputs: { AlarmName: 'alarm-test-latency-preemptive-60', Threshold: '1000.0', Period: '60', Evaluations: '1' },
  },
  {
    source: 'test_template_engine::test_join_no_value_construct',
    template: `Conditions:\n  active: !Equals [ true, true ]\n  inactive: !Equals [ true, false ]\nResources:\n  Parameter: {Type: ${HANDLE}}\nOutputs:\n  JoinWithNoValue:\n    Value:\n      Fn::Join: [",", [Sample, !Ref AWS::NoValue]]\n  JoinOnlyNoValue:\n    Value:\n      Fn::Join: [",", [!Ref AWS::NoValue]]\n  JoinConditionalNoValue:\n    Value:\n      Fn::Join: [",", [{"Fn::If": [active, !Ref AWS::NoValue, !Ref AWS::NoValue]}]]\n`,
    outputs: { JoinConditionalNoValue: '', JoinOnlyNoValue: '', JoinWithNoValue: 'Sample' },
  },
  {
    source: 'test_template_engine::test_fn_select_has_intrinsic_function',
    template: `Mappings:\n  RegionMap:\n    us-east-1:\n      AZs: ["empty"]\nResources:\n  Parameter: {Type: ${HANDLE}}\nConditions:\n  UseFnGetAZs:\n    Fn::Equals:\n    - "empty"\n    - Fn::Select: [0, {"Fn::FindInMap": ["RegionMap", "us-east-1", "AZs"]}]\nOutputs:\n  ParameterValue:\n    Value: {"Fn::If": [UseFnGetAZs, "true", "false"]}\n`,
    outputs: { ParameterValue: 'true' },
  },
  {
    source: 'test_template_engine::test_cfn_template_with_short_form_fn_sub',
    template: `Parameters:\n  TestValue:\n    Type: String\n    Default: "test"\nResources:\n  H: {Type: ${HANDLE}}\nOutputs:\n  Result:\n    Value:\n      !Sub\n       - |-\n         \${TestValue}\n       - {\n         TestValue: !Ref TestValue\n       }\n`,
    outputs: { Result: 'test' },
  },
  {
    source: 'engine/test_references::TestFnSub::test_fn_sub_cases',
    template: fnSubCases(),
    outputs: {
      StringStatic: 'this is a static string',
      StringRefParam: 'Param1Value',
      StringRefPseudoParam: ({ region }) => region,
      StringRefMultiple: 'Param1Value - Param1Value',
      ListStatic: 'this is a static string',
      ListRefParam: 'Param1Value',
      ListRefPseudoParam: ({ region }) => region,
      ListRefMultipleMix: ({ region }) => `Param1Value-${region}-Param1Value`,
      UrlSuffixPseudoParam: 'amazonaws.com',
      // AWS's resource there was an SSM parameter whose Ref is its name; a wait condition handle's Ref is its URL.
      StringRefResource: ({ stackId }) => signalUrlPattern(stackId, 'MyResource'),
      ListRefResourceMappingRef: ({ stackId }) => signalUrlPattern(stackId, 'MyResource'),
    },
  },
  {
    source: 'engine/test_references::test_non_string_parameter_in_sub',
    template: `Parameters:\n  MyNumber: {Type: Number, Default: 3}\nResources:\n  H: {Type: ${HANDLE}}\nOutputs:\n  Value: {Value: !Sub "my number is \${MyNumber}"}\n`,
    outputs: { Value: 'my number is 3' },
  },
  ...((['yes', 'no'] as const).map((set) => ({
    source: `engine/test_references::test_aws_novalue[${set}]`,
    template: `Parameters:\n  SetBucketName: {Type: String}\n  FallbackBucketName: {Type: String}\nConditions:\n  ShouldSetBucketName: {"Fn::Equals": ["yes", !Ref SetBucketName]}\nResources:\n  H: {Type: ${HANDLE}}\nOutputs:\n  BucketName:\n    Value: {"Fn::Join": ["", ["name:", {"Fn::If": [ShouldSetBucketName, !Ref FallbackBucketName, !Ref AWS::NoValue]}]]}\n`,
    parameters: { SetBucketName: set, FallbackBucketName: 'my-bucket-1' },
    outputs: { BucketName: set === 'yes' ? 'name:my-bucket-1' : 'name:' },
  })) as CreatedCase[]),
  {
    source: 'engine/test_references::TestPseudoParameters::test_stack_id',
    template: `Resources:\n  H: {Type: ${HANDLE}}\nOutputs:\n  StackId: {Value: !Ref AWS::StackId}\n  StackName: {Value: !Ref AWS::StackName}\n  Partition: {Value: !Ref AWS::Partition}\n  AccountId: {Value: !Ref AWS::AccountId}\n`,
    outputs: {
      StackId: ({ stackId }) => stackId,
      StackName: ({ stackName }) => stackName,
      Partition: 'aws',
      AccountId: /^\d{12}$/,
    },
  },
  ...((
    [
      ['option-a', true],
      ['option-b', false],
    ] as const
  ).map(([option, deployed]) => ({
    source: `engine/test_conditions::test_simple_condition_evaluation_${deployed ? 'deploys' : 'doesnt_deploy'}_resource`,
    template: `Parameters:\n  OptionParameter: {Type: String, AllowedValues: [option-a, option-b]}\n  TopicName: {Type: String}\nResources:\n  SimpleTopic: {Type: ${HANDLE}, Condition: ShouldCreateTopic}\n  Always: {Type: ${HANDLE}}\nConditions:\n  ShouldCreateTopic: !Equals [!Ref OptionParameter, option-a]\n`,
    parameters: { OptionParameter: option, TopicName: 'topic-1' },
    outputs: {},
    resources: deployed ? ['Always', 'SimpleTopic'] : ['Always'],
  })) as CreatedCase[]),
  ...((
    [
      ['yep', 'custom'],
      ['nope', 'none'],
    ] as const
  ).map(([choice, expected]) => ({
    source: `engine/test_conditions::test_simple_intrinsic_fn_condition_evaluation[${choice}]`,
    template: `Parameters:\n  TopicName: {Type: String}\n  ShouldSetCustomName: {Type: String, AllowedValues: [yep, nope]}\nResources:\n  MyTopic: {Type: ${HANDLE}}\nConditions:\n  ShouldSetCustomNameCondition: !Equals [!Ref ShouldSetCustomName, yep]\nOutputs:\n  Name:\n    Value: !Join ["", [!If [ShouldSetCustomNameCondition, custom, !Ref AWS::NoValue], !If [ShouldSetCustomNameCondition, !Ref AWS::NoValue, none]]]\n`,
    parameters: { TopicName: 'topic-1', ShouldSetCustomName: choice },
    outputs: { Name: expected },
  })) as CreatedCase[]),
  ...((
    [
      [undefined, 'FallbackParamValue'],
      ['false', 'DefaultParamValue'],
    ] as const
  ).map(([useFallback, expected]) => ({
    source: `engine/test_conditions::test_dependency_in_non_evaluated_if_branch[${useFallback ?? 'default'}]`,
    template: `Parameters:\n  ShouldUseFallbackParameter:\n    Type: String\n    AllowedValues: [true, false]\n    Default: true\nConditions:\n  ShouldUseFallback: !Equals [true, !Ref ShouldUseFallbackParameter]\n  ShouldNotUseFallback: !Not [Condition: ShouldUseFallback]\nResources:\n  DependentParameter:\n    Type: ${HANDLE}\n    Metadata:\n      Value: !If [ShouldUseFallback, !Ref FallbackParameter, !Ref DefaultParameter]\n  FallbackParameter: {Type: ${HANDLE}, Condition: ShouldUseFallback}\n  DefaultParameter: {Type: ${HANDLE}, Condition: ShouldNotUseFallback}\nOutputs:\n  Value: {Value: !If [ShouldUseFallback, FallbackParamValue, DefaultParamValue]}\n`,
    parameters: useFallback === undefined ? {} : { ShouldUseFallbackParameter: useFallback },
    outputs: { Value: expected },
    resources:
      useFallback === undefined
        ? ['DependentParameter', 'FallbackParameter']
        : ['DefaultParameter', 'DependentParameter'],
  })) as CreatedCase[]),
  ...((
    [
      ['false', 'Value1'],
      ['true', 'Value2'],
    ] as const
  ).map(([create, expected]) => ({
    source: `engine/test_conditions::test_conditional_att_to_conditional_resources[${create}]`,
    template: `Parameters:\n  Value1: {Type: String, Default: "Value1"}\n  Value2: {Type: String, Default: "Value2"}\n  CreateParameter: {Type: String, Default: false, AllowedValues: [true, false]}\nConditions:\n  UseParameter1: !Equals [!Ref CreateParameter, "false"]\n  UseParameter2: !Equals [!Ref CreateParameter, "true"]\nResources:\n  Parameter1: {Type: ${HANDLE}}\n  Parameter2: {Condition: UseParameter2, Type: ${HANDLE}}\nOutputs:\n  Result:\n    Value: !If [UseParameter1, !Ref Value1, !Ref Value2]\n`,
    parameters: { CreateParameter: create },
    outputs: { Result: expected },
    resources: create === 'true' ? ['Parameter1', 'Parameter2'] : ['Parameter1'],
  })) as CreatedCase[]),
  {
    source: 'engine/test_conditions::test_sub_in_conditions',
    template: `Parameters:\n  TopicName: {Type: String}\n  TopicPrefix: {Type: String}\n  TopicNameWithSuffix: {Type: String}\n  TopicNameSuffix: {Type: String}\nResources:\n  MyTopic: {Type: ${HANDLE}, Condition: ShouldCreateTopic}\n  MyTopicWithSuffix: {Type: ${HANDLE}, Condition: ShouldCreateTopic2}\nConditions:\n  ShouldCreateTopic: !Equals [!Ref TopicName, !Sub "\${TopicPrefix}-\${AWS::Region}"]\n  ShouldCreateTopic2: !Equals\n    - !Ref TopicNameWithSuffix\n    - "Fn::Sub":\n      - "\${TopicPrefix}-\${AWS::Region}-\${Suffix}"\n      - Suffix: !Ref TopicNameSuffix\nOutputs:\n  TopicRef: {Value: !Ref MyTopic}\n  TopicWithSuffixRef: {Value: !Ref MyTopicWithSuffix}\n`,
    // The region is the caller's; the suite's client uses cloudstack-1.
    parameters: {
      TopicName: 'test-topic-1-cloudstack-1',
      TopicPrefix: 'test-topic-1',
      TopicNameWithSuffix: 'test-topic-1-cloudstack-1-x9',
      TopicNameSuffix: 'x9',
    },
    outputs: {
      TopicRef: ({ stackId }) => signalUrlPattern(stackId, 'MyTopic'),
      TopicWithSuffixRef: ({ stackId }) => signalUrlPattern(stackId, 'MyTopicWithSuffix'),
    },
    resources: ['MyTopic', 'MyTopicWithSuffix'],
  },
  ...((
    [
      ['dev', 'us-west-2', 'false'],
      ['production', 'us-east-1', 'true'],
    ] as const
  ).map(([env, region, expected]) => ({
    source: `engine/test_conditions::test_conditional_in_conditional[${env}-${region}]`,
    template: `Parameters:\n  SelectedRegion: {Type: String}\n  Environment: {Type: String, AllowedValues: ["production", "staging", "dev"]}\nConditions:\n  IsUSEast: !Equals [!Ref SelectedRegion, "us-east-1"]\n  IsProduction: !Equals [!Ref Environment, "production"]\n  IsUSEastProduction: !And [!Condition IsProduction, !Condition IsUSEast]\nResources:\n  ResultParameter: {Type: ${HANDLE}}\nOutputs:\n  Result:\n    Description: "Result parameter"\n    Value: !If [IsUSEastProduction, "true", "false"]\n`,
    parameters: { SelectedRegion: region, Environment: env },
    outputs: { Result: expected },
  })) as CreatedCase[]),
  ...((
    [
      ['test', ''],
      ['test', 'my-bucket'],
      ['prod', ''],
      ['prod', 'my-bucket'],
    ] as const
  ).map(([envType, bucketName]) => ({
    source: `engine/test_conditions::test_nested_conditions[${envType}-${bucketName ? 'bucket' : 'nobucket'}]`,
    template: `Parameters:\n  EnvType: {Type: String, AllowedValues: [prod, test]}\n  BucketName: {Default: '', Type: String}\nConditions:\n  IsProduction: !Equals [!Ref EnvType, prod]\n  CreateBucket: !Not [!Equals [!Ref BucketName, '']]\n  CreateBucketPolicy: !And [!Condition IsProduction, !Condition CreateBucket]\nResources:\n  Always: {Type: ${HANDLE}}\n  Bucket: {Type: ${HANDLE}, Condition: CreateBucket, Metadata: {BucketName: !Ref BucketName}}\n  Policy:\n    Type: ${HANDLE}\n    Condition: CreateBucketPolicy\n    Metadata:\n      Bucket: !Ref Bucket\n      Resource: [!Join ["", [!Ref Bucket, "/*"]]]\n`,
    parameters: { EnvType: envType, ...(bucketName ? { BucketName: bucketName } : {}) },
    outputs: {},
    resources: ['Always', ...(bucketName ? ['Bucket'] : []), ...(bucketName && envType === 'prod' ? ['Policy'] : [])],
  })) as CreatedCase[]),
  ...((['yes', 'no'] as const).map((toggle) => ({
    source: `engine/test_conditions::test_references_to_disabled_resources[${toggle}]`,
    template: `Parameters:\n  Toggle: {Type: String}\n  ParameterValue: {Type: String}\nConditions:\n  ShouldDeploy: {"Fn::Equals": [!Ref Toggle, "yes"]}\nResources:\n  BaseParameter: {Type: ${HANDLE}, Metadata: {Value: !Ref ParameterValue}}\n  ConditionalParameter: {Type: ${HANDLE}, Condition: ShouldDeploy}\n  AnotherResource:\n    Type: ${HANDLE}\n    Condition: ShouldDeploy\n    Metadata: {Value: !Ref ConditionalParameter}\nOutputs:\n  ConditionalParameterValue:\n    Condition: ShouldDeploy\n    Value: !Ref ParameterValue\n`,
    parameters: { Toggle: toggle, ParameterValue: 'p-7c1d' },
    outputs: toggle === 'yes' ? { ConditionalParameterValue: 'p-7c1d' } : {},
    absentOutputs: toggle === 'yes' ? [] : ['ConditionalParameterValue'],
    resources: toggle === 'yes' ? ['AnotherResource', 'BaseParameter', 'ConditionalParameter'] : ['BaseParameter'],
  })) as CreatedCase[]),
  {
    source: 'engine/test_conditions::test_condition_on_outputs',
    template: `AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Mode: {Type: String}\n  BucketBaseName: {Type: String}\nConditions:\n  ProdMode: !Equals [ !Ref Mode, prod ]\n  TestMode: !Equals [ !Ref Mode, test ]\nResources:\n  TestS3: {Type: ${HANDLE}, Condition: TestMode}\n  ProdS3: {Type: ${HANDLE}, Condition: ProdMode}\nOutputs:\n  TestBucket:\n    Condition: TestMode\n    Value: {"Fn::Join": ["-", [!Ref BucketBaseName, test]]}\n  ProdBucket:\n    Condition: ProdMode\n    Value: {"Fn::Join": ["-", [!Ref BucketBaseName, prod]]}\n`,
    parameters: { BucketBaseName: 'test-bucket-1', Mode: 'prod' },
    outputs: { ProdBucket: 'test-bucket-1-prod' },
    absentOutputs: ['TestBucket'],
    resources: ['ProdS3'],
  },
  {
    source: 'engine/test_mappings::test_simple_mapping_working',
    template: simpleMapping(),
    parameters: { TopicName: 'topic-1', TopicNameSuffixSelector: 'A' },
    outputs: { TopicName: 'topic-1-suffix-a' },
  },
  ...((
    [
      ['A', true],
      ['B', false],
    ] as const
  ).map(([key, deployed]) => ({
    source: `engine/test_mappings::test_mapping_ref_map_key[${deployed ? 'should-deploy' : 'should-not-deploy'}]`,
    template: `Mappings:\n  MyMap:\n    A: {value: "true"}\n    B: {value: "false"}\nConditions:\n  MyCondition: !Equals [!FindInMap [ !Ref MapName, !Ref MapKey, value ], "true"]\nParameters:\n  MapName: {Type: String}\n  MapKey: {Type: String}\n  TopicName: {Type: String}\nResources:\n  MyTopic: {Type: ${HANDLE}, Condition: MyCondition}\n  Dummy: {Type: ${HANDLE}}\nOutputs:\n  TopicArn:\n    Value: !Ref MyTopic\n    Condition: MyCondition\n`,
    parameters: { MapName: 'MyMap', MapKey: key, TopicName: 'topic-1' },
    outputs: deployed ? { TopicArn: ({ stackId }: StackFacts) => signalUrlPattern(stackId, 'MyTopic') } : {},
    absentOutputs: deployed ? [] : ['TopicArn'],
  })) as CreatedCase[]),
  {
    source: 'engine/test_mappings::test_aws_refs_in_mappings',
    template: (stackName: string) =>
      `Mappings:\n  ${stackName}:\n    cloudstack-1:\n      ${stackName}: "true"\nConditions:\n  MyCondition: !Equals [!FindInMap [ !Ref AWS::StackName, !Ref AWS::Region, !Ref AWS::StackName ], "true"]\nResources:\n  MyTopic: {Type: ${HANDLE}, Condition: MyCondition}\nOutputs:\n  TopicArn: {Value: !Ref MyTopic}\n`,
    outputs: { TopicArn: ({ stackId }) => signalUrlPattern(stackId, 'MyTopic') },
  },
  {
    source: 'api/test_stacks::test_list_parameter_type',
    template: `Parameters:\n  ParamsList:\n    Type: List<String>\nResources:\n  MyParam: {Type: ${HANDLE}}\nOutputs:\n  ParamValue:\n    Value: !Join ["|", !Ref ParamsList]\n`,
    parameters: { ParamsList: 'foo,bar' },
    outputs: { ParamValue: 'foo|bar' },
  },
  {
    source: 'api/test_stacks::test_blank_parameter_value',
    template: {
      Parameters: { MyFoo: { Type: 'String' } },
      Resources: { MyTopic: { Type: HANDLE, Metadata: { DisplayName: { Ref: 'MyFoo' } } } },
      Outputs: { Foo: { Value: { 'Fn::Join': ['', ['[', { Ref: 'MyFoo' }, ']']] } } },
    },
    parameters: { MyFoo: '' },
    outputs: { Foo: '[]' },
  },
];

function simpleMapping(
  mapping: object = { A: { Suffix: 'suffix-a' }, B: { Suffix: 'suffix-b' } },
  extraParameters: string[] = [],
): object {
  return {
    Parameters: {
      TopicName: { Type: 'String' },
      TopicNameSuffixSelector: { Type: 'String' },
      TopicAttributeSelector: { Type: 'String', Default: 'Suffix' },
      ...Object.fromEntries(extraParameters.map((name) => [name, { Type: 'String' }])),
    },
    Resources: { MyTopic: { Type: HANDLE } },
    Mappings: { TopicSuffixMap: mapping },
    Outputs: {
      TopicName: {
        Value: {
          'Fn::Join': [
            '-',
            [
              { Ref: 'TopicName' },
              {
                'Fn::FindInMap': [
                  'TopicSuffixMap',
                  { Ref: 'TopicNameSuffixSelector' },
                  { Ref: 'TopicAttributeSelector' },
                ],
              },
            ],
          ],
        },
      },
    },
  };
}

function refCondition(use: string, topicType = HANDLE): string {
  return `Parameters:\n  OptionParameter:\n    Type: String\n    AllowedValues: [option-a, option-b]\nResources:\n  MyTopic:\n    Type: ${topicType}\n    Condition: ShouldCreateTopic\n  MySsmParam:\n    Type: ${HANDLE}\n    Metadata:\n      ${use}\nConditions:\n  ShouldCreateTopic: !Equals\n    - !Ref OptionParameter\n    - option-a\n`;
}

function fnSubCases(): string {
  return `Parameters:
  Param1: {Type: String, Default: Param1Value}
Resources:
  MyResource: {Type: ${HANDLE}}
Outputs:
  StringStatic: {Value: !Sub 'this is a static string'}
  StringRefParam: {Value: !Sub "\${Param1}"}
  StringRefResource: {Value: !Sub "\${MyResource}"}
  StringRefPseudoParam: {Value: !Sub "\${AWS::Region}"}
  StringRefMultiple: {Value: !Sub "\${Param1} - \${Param1}"}
  ListStatic: {Value: !Sub ['this is a static string', {somekey: somevalue}]}
  ListRefParam: {Value: !Sub ["\${Param1}", {somekey: somevalue}]}
  ListRefResourceMappingRef: {Value: !Sub ["\${MyResourceRef}", {MyResourceRef: !Ref MyResource}]}
  ListRefPseudoParam: {Value: !Sub ["\${AWS::Region}", {somekey: somevalue}]}
  # AWS's MyResourceRef was the Ref of an SSM parameter named by Param1, so it read Param1Value too.
  ListRefMultipleMix: {Value: !Sub ["\${MyResourceRef}-\${AWS::Region}-\${Param1}", {MyResourceRef: !Ref Param1}]}
  UrlSuffixPseudoParam: {Value: {"Fn::Sub": "\${AWS::URLSuffix}"}}
`;
}

/** A wait condition handle's Ref: its pre-signed signal URL. */
export function signalUrlPattern(stackArn: string, logicalId: string): RegExp {
  const stackId = /([0-9a-f-]{36})$/.exec(stackArn)![1];
  return new RegExp(`^https?://[^/]+/waitcondition/${stackId}/${logicalId}\\?Signature=[A-Za-z0-9_-]{43}$`);
}
