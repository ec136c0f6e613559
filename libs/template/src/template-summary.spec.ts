import { summarizeTemplate } from './template-summary';
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
      Capabilities: [],
      DeclaredTransforms: [],
    });
  });

  it('asks for CAPABILITY_IAM for IAM resources', () => {
    const summary = summarizeTemplate({
      Resources: { Role: { Type: 'AWS::IAM::Role' }, Policy: { Type: 'AWS::IAM::Policy' }, Role2: { Type: 'AWS::IAM::Role' } },
    });
    expect(summary.Capabilities).toEqual(['CAPABILITY_IAM']);
    expect(summary.CapabilitiesReason).toBe('The following resource(s) require capabilities: [AWS::IAM::Role, AWS::IAM::Policy]');
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
});
