import { parseTemplate } from '@cfn/template';

import { parsedTemplateField } from './parsed-template-field';

describe('parsedTemplateField', () => {
  it('hands the validator the parsed document', () => {
    const template = parseTemplate('Resources:\n  H: {Type: AWS::CloudFormation::WaitConditionHandle}\n');
    expect(parsedTemplateField(template)).toEqual({ template });
  });

  it('leaves out a document JSON would change, so that the validator parses the body instead', () => {
    const template = parseTemplate(
      'Resources:\n  H: {Type: AWS::CloudFormation::WaitConditionHandle, Metadata: {Limit: .inf}}\n',
    );
    expect(parsedTemplateField(template)).toEqual({});
  });
});
