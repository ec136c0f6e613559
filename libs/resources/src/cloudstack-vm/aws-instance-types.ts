/** What an AWS instance type gives a VM: virtual CPUs and memory in MiB (AWS's published figures). */
export interface InstanceTypeSize {
  vcpus: number;
  memoryMiB: number;
}

const GiB = 1024;

/** One family's sizes: [size, vCPUs, memory GiB]. */
type FamilySizes = ReadonlyArray<readonly [string, number, number]>;

/** t3, t3a and t4g: every size has 2 vCPUs up to large. */
const BURSTABLE_2VCPU: FamilySizes = [
  ['nano', 2, 0.5],
  ['micro', 2, 1],
  ['small', 2, 2],
  ['medium', 2, 4],
  ['large', 2, 8],
  ['xlarge', 4, 16],
  ['2xlarge', 8, 32],
];
const T2: FamilySizes = [
  ['nano', 1, 0.5],
  ['micro', 1, 1],
  ['small', 1, 2],
  ['medium', 2, 4],
  ['large', 2, 8],
  ['xlarge', 4, 16],
  ['2xlarge', 8, 32],
];
/** General purpose, 4 GiB per vCPU (m4, m5, m5a, m6i, m7i). */
const GENERAL: FamilySizes = [
  ['large', 2, 8],
  ['xlarge', 4, 16],
  ['2xlarge', 8, 32],
  ['4xlarge', 16, 64],
];
/** Compute optimised, 2 GiB per vCPU (c5, c6i). */
const COMPUTE: FamilySizes = [
  ['large', 2, 4],
  ['xlarge', 4, 8],
  ['2xlarge', 8, 16],
  ['4xlarge', 16, 32],
];
/** c4: 3.75 GiB per 2 vCPUs. */
const C4: FamilySizes = [
  ['large', 2, 3.75],
  ['xlarge', 4, 7.5],
  ['2xlarge', 8, 15],
  ['4xlarge', 16, 30],
];
/** Memory optimised, 8 GiB per vCPU (r5, r6i). */
const MEMORY: FamilySizes = [
  ['large', 2, 16],
  ['xlarge', 4, 32],
  ['2xlarge', 8, 64],
  ['4xlarge', 16, 128],
];

const FAMILIES: Record<string, FamilySizes> = {
  t2: T2,
  t3: BURSTABLE_2VCPU,
  t3a: BURSTABLE_2VCPU,
  t4g: BURSTABLE_2VCPU,
  m4: GENERAL,
  m5: GENERAL,
  m5a: GENERAL,
  m6i: GENERAL,
  m7i: GENERAL,
  c4: C4,
  c5: COMPUTE,
  c6i: COMPUTE,
  r5: MEMORY,
  r6i: MEMORY,
};

/**
 * AWS instance types of the common families, nano to 4xlarge where AWS has them (from the EC2 instance type
 * specifications). A template's `t3.micro` is sized from here when the deployment's map does not name it.
 */
export const AWS_INSTANCE_TYPES: Readonly<Record<string, InstanceTypeSize>> = Object.fromEntries(
  Object.entries(FAMILIES).flatMap(([family, sizes]) =>
    sizes.map(([size, vcpus, memoryGiB]) => [`${family}.${size}`, { vcpus, memoryMiB: Math.round(memoryGiB * GiB) }]),
  ),
);

export function awsInstanceType(name: string): InstanceTypeSize | undefined {
  return Object.prototype.hasOwnProperty.call(AWS_INSTANCE_TYPES, name) ? AWS_INSTANCE_TYPES[name] : undefined;
}
