import { changedPropertyNames, resourceChange } from './resource-changes';
import { ResourceTypePlugin } from './resource-type-plugin';

const plugin = (behaviour: ResourceTypePlugin['updateBehaviour'], canUpdate = true) =>
  ({
    type: 'Test::Thing',
    propertiesSchema: {},
    attributes: [],
    updateBehaviour: behaviour,
    findExisting: async () => null,
    create: async () => ({ physicalId: 'x', attributes: {} }),
    delete: async () => undefined,
    ...(canUpdate ? { update: async () => ({ physicalId: 'x', attributes: {} }) } : {}),
  }) as ResourceTypePlugin;

describe('resource changes', () => {
  it('names the top-level properties that differ, added and removed ones included', () => {
    expect(changedPropertyNames({ A: 1, B: [1, 2], C: { x: 1 } }, { A: 1, B: [2, 1], D: 'new' })).toEqual([
      'B',
      'C',
      'D',
    ]);
  });

  it('updates in place only when every changed property allows it and the plugin can update', () => {
    const vm = plugin({ InstanceType: 'SomeInterruptions', Tags: 'NoInterruption' });
    expect(resourceChange(vm, { InstanceType: 'a' }, { InstanceType: 'a' }).kind).toBe('None');
    expect(
      resourceChange(vm, { InstanceType: 'a', Tags: [] }, { InstanceType: 'b', Tags: [{ Key: 'k', Value: 'v' }] }).kind,
    ).toBe('InPlace');
    expect(resourceChange(vm, { InstanceType: 'a', ImageId: 'x' }, { InstanceType: 'b', ImageId: 'y' })).toEqual({
      kind: 'Replacement',
      properties: [
        { name: 'ImageId', requires: 'Replacement' },
        { name: 'InstanceType', requires: 'SomeInterruptions' },
      ],
    });
    expect(resourceChange(plugin({ Tags: 'NoInterruption' }, false), { Tags: [] }, { Tags: [1] }).kind).toBe(
      'Replacement',
    );
    expect(resourceChange(undefined, { A: 1 }, { A: 2 }).kind).toBe('Replacement');
  });
});
