import { Stack } from '@cfn/persistence';

import { iso8601Seconds, resourceSignalPolicy } from './resource-signal-policy';

describe('resourceSignalPolicy', () => {
  const stack = (resources: Record<string, unknown>) =>
    ({
      id: '00000000-0000-0000-0000-000000000001',
      arn: 'arn:aws:cloudformation:r:123456789012:stack/s/00000000-0000-0000-0000-000000000001',
      name: 's',
      accountId: '123456789012',
      region: 'r',
      parameters: { Size: '3' },
      noEchoParameters: [],
      availabilityZones: [],
      template: { Parameters: { Size: { Type: 'Number' } }, Resources: resources },
    }) as unknown as Stack;

  it('reads Count (a Ref too) and Timeout, with AWS defaults', () => {
    const s = stack({
      Group: {
        Type: 'AWS::AutoScaling::AutoScalingGroup',
        CreationPolicy: { ResourceSignal: { Count: { Ref: 'Size' }, Timeout: 'PT15M' } },
      },
      Web: { Type: 'AWS::EC2::Instance', CreationPolicy: { ResourceSignal: {} } },
      Plain: { Type: 'AWS::EC2::Instance' },
      Volume: { Type: 'AWS::EC2::Volume', CreationPolicy: { ResourceSignal: { Count: 1 } } },
    });
    expect(resourceSignalPolicy(s, 'Group')).toEqual({ count: 3, timeoutSeconds: 900 });
    expect(resourceSignalPolicy(s, 'Web')).toEqual({ count: 1, timeoutSeconds: 300 });
    expect(resourceSignalPolicy(s, 'Plain')).toBeNull();
    expect(resourceSignalPolicy(s, 'Volume')).toBeNull();
  });

  it('reads ISO 8601 durations, capped at 12 hours, and refuses others', () => {
    expect(iso8601Seconds('PT1H5M30S')).toBe(3930);
    expect(iso8601Seconds('PT30S')).toBe(30);
    expect(iso8601Seconds('PT48H')).toBe(43_200);
    expect(() => iso8601Seconds('15m')).toThrow(
      "CreationPolicy ResourceSignal Timeout must be an ISO 8601 duration such as PT15M, got '15m'",
    );
  });
});
