import { stackEvaluationContextOf, TemplateDocument } from '@cfn/template';

import { importNamesOf } from './import-names';

describe('importNamesOf', () => {
  it('finds every Fn::ImportValue, evaluating names from parameters, and leaves out names that need a resource', () => {
    const template = {
      Parameters: { Env: { Type: 'String' } },
      Resources: {
        A: { Type: 'CloudStack::SecurityGroup', Properties: { Description: { 'Fn::ImportValue': 'plain' } } },
        B: {
          Type: 'CloudStack::SecurityGroup',
          Properties: { Description: { 'Fn::ImportValue': { 'Fn::Sub': '${Env}-group' } } },
          Metadata: { Note: { 'Fn::Join': ['', [{ 'Fn::ImportValue': 'in-metadata' }]] } },
        },
        C: { Type: 'CloudStack::SecurityGroup', Properties: { Description: { 'Fn::ImportValue': { Ref: 'A' } } } },
      },
      Outputs: { O: { Value: { 'Fn::ImportValue': 'plain' } } },
    } as unknown as TemplateDocument;
    const ctx = stackEvaluationContextOf(
      {
        template,
        parameters: { Env: 'prod' },
        accountId: '123456789012',
        region: 'zone-1',
        stackArn: 'arn:aws:cloudformation:zone-1:123456789012:stack/s/00000000-0000-0000-0000-000000000000',
        stackName: 's',
        availabilityZones: [],
      },
      [],
    );
    expect(importNamesOf(template, ctx)).toEqual(['in-metadata', 'plain', 'prod-group']);
  });
});
