import { TemplateDocument } from '@cfn/template';

import { failureFollowUp, teardownActionFor } from './failure-policy';

const template = {
  Resources: {
    Plain: { Type: 'CloudStack::SecurityGroup' },
    Kept: { Type: 'CloudStack::SecurityGroup', DeletionPolicy: 'Retain' },
    KeptUnlessNew: { Type: 'CloudStack::SecurityGroup', DeletionPolicy: 'RetainExceptOnCreate' },
    Disk: { Type: 'CloudStack::Volume', DeletionPolicy: 'Snapshot' },
    Explicit: { Type: 'CloudStack::SecurityGroup', DeletionPolicy: 'Delete' },
  },
} as unknown as TemplateDocument;

describe('failure policy', () => {
  it('says what follows a failed create, in AWS words', () => {
    expect(failureFollowUp({ onFailure: 'ROLLBACK' })).toBe('Rollback requested by user.');
    expect(failureFollowUp({ onFailure: null })).toBe('Rollback requested by user.');
    expect(failureFollowUp({ onFailure: 'DELETE' })).toBe('Delete requested by user.');
  });

  it.each([
    ['Plain', false, [], 'delete'],
    ['Explicit', false, [], 'delete'],
    ['Kept', false, [], 'retain'],
    ['Kept', true, [], 'retain'],
    ['KeptUnlessNew', false, [], 'retain'],
    ['KeptUnlessNew', true, [], 'delete'],
    ['Disk', false, [], 'snapshot'],
    ['Disk', true, [], 'snapshot'],
    ['Plain', false, ['Plain'], 'retain'],
    ['Disk', false, ['Disk'], 'retain'],
  ] as const)(
    '%s (rolling back a create: %s, RetainResources %j) is to %s',
    (logicalId, rollingBackCreate, retainResources, action) => {
      expect(teardownActionFor(template, logicalId, { rollingBackCreate, retainResources })).toBe(action);
    },
  );
});
