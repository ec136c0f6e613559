import { TemplateDocument } from '@cfn/template';

import { ResourceRegistry } from '../resource-registry';
import { checkSnapshotPolicies } from './snapshot-support';

const check = (resources: Record<string, unknown>) => () =>
  checkSnapshotPolicies({ Resources: resources } as unknown as TemplateDocument, ResourceRegistry.default());

describe('DeletionPolicy Snapshot', () => {
  it('is accepted on volumes', () => {
    expect(
      check({
        A: { Type: 'AWS::EC2::Volume', DeletionPolicy: 'Snapshot' },
        B: { Type: 'CloudStack::Volume', UpdateReplacePolicy: 'Snapshot' },
      }),
    ).not.toThrow();
  });

  it('is refused on types that cannot be snapshotted', () => {
    expect(check({ Vm: { Type: 'AWS::EC2::Instance', DeletionPolicy: 'Snapshot' } })).toThrow(
      "Template format error: [/Resources/Vm/DeletionPolicy] 'Snapshot' is not one of ['Delete', 'Retain', 'RetainExceptOnCreate'] " +
        'for resource type AWS::EC2::Instance',
    );
    expect(check({ G: { Type: 'CloudStack::SecurityGroup', UpdateReplacePolicy: 'Snapshot' } })).toThrow(
      "[/Resources/G/UpdateReplacePolicy] 'Snapshot' is not one of ['Delete', 'Retain'] for resource type CloudStack::SecurityGroup",
    );
  });
});
