import type { InstanceTypeSize } from './aws-instance-types';

/** The parts of a CloudStack service offering sizing looks at (`cpunumber`, `memory` in MiB). */
export interface SizedOffering {
  id: string;
  name: string;
  cpunumber?: number;
  memory?: number;
  iscustomized?: boolean;
}

/**
 * The smallest offering with at least the type's vCPUs and memory: least memory first, then fewest CPUs, then by
 * name (so the choice is the same every time). Custom-size offerings (no fixed CPU and memory) are not candidates.
 */
export function smallestFittingOffering<T extends SizedOffering>(
  offerings: readonly T[],
  need: InstanceTypeSize,
): T | undefined {
  return offerings
    .filter(
      (offering) =>
        typeof offering.cpunumber === 'number' && typeof offering.memory === 'number' && offering.iscustomized !== true,
    )
    .filter((offering) => offering.cpunumber! >= need.vcpus && offering.memory! >= need.memoryMiB)
    .sort((a, b) => a.memory! - b.memory! || a.cpunumber! - b.cpunumber! || a.name.localeCompare(b.name))[0];
}
