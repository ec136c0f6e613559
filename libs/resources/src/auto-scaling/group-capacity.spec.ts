import { ResourcePropertyError } from '../resource-type-plugin';
import { groupCapacity } from './group-capacity';

describe('groupCapacity', () => {
  it('reads the sizes AWS types as strings, DesiredCapacity defaulting to MinSize', () => {
    expect(groupCapacity({ MinSize: '2', MaxSize: '5' })).toEqual({ minSize: 2, maxSize: 5, desiredCapacity: 2 });
    expect(groupCapacity({ MinSize: 1, MaxSize: 5, DesiredCapacity: '3' })).toEqual({
      minSize: 1,
      maxSize: 5,
      desiredCapacity: 3,
    });
  });

  it('refuses a DesiredCapacity outside MinSize..MaxSize in the Auto Scaling API words', () => {
    expect(() => groupCapacity({ MinSize: '1', MaxSize: '3', DesiredCapacity: '5' })).toThrow(
      new ResourcePropertyError('Desired capacity:5 must be between the specified min size:1 and max size:3'),
    );
    expect(() => groupCapacity({ MinSize: '2', MaxSize: '3', DesiredCapacity: '1' })).toThrow(
      'Desired capacity:1 must be between the specified min size:2 and max size:3',
    );
  });

  it('refuses MaxSize below MinSize, and sizes that are not whole numbers', () => {
    expect(() => groupCapacity({ MinSize: '3', MaxSize: '1' })).toThrow(
      'Max bound, 1, must be greater than or equal to min bound, 3',
    );
    expect(() => groupCapacity({ MinSize: 'two', MaxSize: '3' })).toThrow(
      "MinSize must be a whole number of instances, got 'two'",
    );
    expect(() => groupCapacity({ MinSize: '-1', MaxSize: '3' })).toThrow(ResourcePropertyError);
  });
});
