import { AWS_INSTANCE_TYPES, awsInstanceType } from './aws-instance-types';
import { smallestFittingOffering } from './offering-fit';

const offerings = [
  { id: 'o-large', name: 'Large Instance', cpunumber: 2, memory: 4096 },
  { id: 'o-small', name: 'Small Instance', cpunumber: 1, memory: 512 },
  { id: 'o-medium', name: 'Medium Instance', cpunumber: 1, memory: 1024 },
  { id: 'o-wide', name: 'Wide', cpunumber: 4, memory: 1024 },
  { id: 'o-custom', name: 'Custom', iscustomized: true },
];

describe('AWS instance types', () => {
  it.each([
    ['t2.nano', 1, 512],
    ['t2.micro', 1, 1024],
    ['t2.medium', 2, 4096],
    ['t3.micro', 2, 1024],
    ['t3a.small', 2, 2048],
    ['t4g.2xlarge', 8, 32768],
    ['m4.large', 2, 8192],
    ['m5.4xlarge', 16, 65536],
    ['m7i.xlarge', 4, 16384],
    ['c4.large', 2, 3840],
    ['c5.large', 2, 4096],
    ['c6i.2xlarge', 8, 16384],
    ['r5.large', 2, 16384],
    ['r6i.4xlarge', 16, 131072],
  ])('knows %s: %i vCPUs, %i MiB (AWS figures)', (name, vcpus, memoryMiB) => {
    expect(awsInstanceType(name)).toEqual({ vcpus, memoryMiB });
  });

  it('covers the common families from nano (where AWS has it) to 4xlarge, and nothing invented', () => {
    for (const family of ['t2', 't3', 't3a', 't4g']) expect(awsInstanceType(`${family}.nano`)).toBeDefined();
    for (const family of ['m4', 'm5', 'm5a', 'm6i', 'm7i', 'c4', 'c5', 'c6i', 'r5', 'r6i']) {
      expect(awsInstanceType(`${family}.large`)).toBeDefined();
      expect(awsInstanceType(`${family}.4xlarge`)).toBeDefined();
      expect(awsInstanceType(`${family}.nano`)).toBeUndefined();
    }
    expect(awsInstanceType('t3.4xlarge')).toBeUndefined();
    expect(awsInstanceType('toString')).toBeUndefined();
    expect(Object.keys(AWS_INSTANCE_TYPES)).toHaveLength(4 * 7 + 10 * 4);
  });
});

describe('smallestFittingOffering', () => {
  it('takes the least memory that fits, then the fewest CPUs', () => {
    expect(smallestFittingOffering(offerings, { vcpus: 1, memoryMiB: 512 })?.id).toBe('o-small');
    expect(smallestFittingOffering(offerings, { vcpus: 1, memoryMiB: 1024 })?.id).toBe('o-medium');
    // t3.micro: 2 vCPUs and 1 GiB; the 4-CPU offering has less memory than the 2-CPU one, so it is smaller.
    expect(smallestFittingOffering(offerings, { vcpus: 2, memoryMiB: 1024 })?.id).toBe('o-wide');
    expect(smallestFittingOffering(offerings, { vcpus: 2, memoryMiB: 2048 })?.id).toBe('o-large');
  });

  it('finds nothing when no fixed-size offering is large enough (custom-size offerings are not candidates)', () => {
    expect(smallestFittingOffering(offerings, { vcpus: 2, memoryMiB: 8192 })).toBeUndefined();
    expect(
      smallestFittingOffering([{ id: 'c', name: 'Custom', iscustomized: true, cpunumber: 64, memory: 65536 }], {
        vcpus: 1,
        memoryMiB: 512,
      }),
    ).toBeUndefined();
  });

  it('breaks ties by name, so the same offering is chosen every time', () => {
    const twins = [
      { id: 'b', name: 'B', cpunumber: 1, memory: 1024 },
      { id: 'a', name: 'A', cpunumber: 1, memory: 1024 },
    ];
    expect(smallestFittingOffering(twins, { vcpus: 1, memoryMiB: 1024 })?.id).toBe('a');
  });
});
