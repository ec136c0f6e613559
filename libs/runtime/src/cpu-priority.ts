import * as os from 'node:os';

/**
 * Lowers this process's CPU priority to `niceness` (0-19; 0 leaves it as it is). For services nobody waits on, such
 * as the audit trail: when services share cores, the ones on a stack's critical path then get them first, and the
 * lower one catches up while they wait on the cloud. Raising one's own niceness needs no privilege; a refusal (some
 * sandboxes) only leaves the process as it was.
 */
export function lowerOwnCpuPriority(
  niceness: number,
  setPriority: (pid: number, priority: number) => void = os.setPriority,
): boolean {
  if (!Number.isInteger(niceness) || niceness < 0 || niceness > 19) {
    throw new Error(`a niceness is a whole number from 0 to 19, got ${niceness}`);
  }
  if (niceness === 0) return false;
  try {
    setPriority(0, niceness);
    return true;
  } catch {
    return false;
  }
}
