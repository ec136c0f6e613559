import { readFile } from 'node:fs/promises';

import { namespacePids } from './guest-network-namespace';

export interface GuestMemory {
  processes: number;
  /** Resident set: counts shared pages (libraries, the host's page cache of the lower layer) in full. */
  rssKiB: number;
  /** Proportional set: shared pages divided among their users, so the sum over VMs is what they cost. */
  pssKiB: number;
}

const field = (rollup: string, name: string) =>
  Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);

/** Memory of every process in a VM's network namespace (its init, sshd, what it runs). */
export async function measureGuestMemory(namespace: string): Promise<GuestMemory> {
  const memory: GuestMemory = { processes: 0, rssKiB: 0, pssKiB: 0 };
  for (const pid of await namespacePids(namespace)) {
    try {
      const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
      memory.processes += 1;
      memory.rssKiB += field(rollup, 'Rss');
      memory.pssKiB += field(rollup, 'Pss');
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return memory;
}
