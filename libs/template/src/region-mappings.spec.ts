import type { EvaluationContext } from './evaluation-context';
import { evaluate } from './intrinsics';
import { pseudoParameterValues } from './pseudo-parameters';

/**
 * AWS sample templates pick their AMI from Mappings keyed by AWS region and instance type. A user who signs with an
 * AWS region name (the signing region is the stack's region) gets the region's row, as on AWS.
 */
describe('region-keyed AMI mappings', () => {
  const template = {
    Parameters: {
      InstanceType: { Type: 'String', Default: 't2.micro', AllowedValues: ['t2.micro', 't3.small', 'm5.large'] },
    },
    Mappings: {
      AWSInstanceType2Arch: {
        't2.micro': { Arch: 'HVM64' },
        't3.small': { Arch: 'HVM64' },
        'm5.large': { Arch: 'HVM64' },
      },
      AWSRegionArch2AMI: {
        'us-east-1': { HVM64: 'ami-0ff8a91507f77f867', HVMG2: 'ami-0a584ac55a7631c0c' },
        'eu-west-1': { HVM64: 'ami-047bb4163c506cd98', HVMG2: 'ami-0a7c483d527806435' },
      },
    },
    Resources: {},
  };

  function signedIn(region: string): EvaluationContext {
    return {
      template,
      parameters: { InstanceType: 't2.micro' },
      pseudo: pseudoParameterValues({
        accountId: '123456789012',
        region,
        stackId: `arn:aws:cloudformation:${region}:123456789012:stack/demo/1`,
        stackName: 'demo',
      }),
      resourceRef: () => undefined,
      resourceAttribute: () => undefined,
    };
  }

  const imageId = {
    'Fn::FindInMap': [
      'AWSRegionArch2AMI',
      { Ref: 'AWS::Region' },
      { 'Fn::FindInMap': ['AWSInstanceType2Arch', { Ref: 'InstanceType' }, 'Arch'] },
    ],
  };

  it.each([
    ['us-east-1', 'ami-0ff8a91507f77f867'],
    ['eu-west-1', 'ami-047bb4163c506cd98'],
  ])('resolves to the row of the signing region %s', (region, ami) => {
    expect(evaluate(imageId, signedIn(region))).toBe(ami);
  });

  it('fails as AWS does for a region the mapping lacks (a CloudStack zone name used as the signing region)', () => {
    expect(() => evaluate(imageId, signedIn('Sim-Zone-1'))).toThrow(/Sim-Zone-1/);
  });
});
