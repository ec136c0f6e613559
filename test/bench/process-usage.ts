import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat's times (CLK_TCK; 100 on Linux unless told otherwise). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcessUsage {
  /** User + system CPU time so far, in seconds. */
  cpuSeconds: number;
  /** Peak resident set size so far (VmHWM), in MiB. */
  peakRssMiB: number;
}

/** CPU time and peak memory of one process, read from /proc (Linux). */
export async function processUsage(pid: number): Promise<ProcessUsage> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const hwmKiB = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / TICKS_PER_SECOND, peakRssMiB: hwmKiB / 1024 };
}

/** Usage of every named process; processes that exited are left out. */
export async function usageOf(pids: Map<string, number>): Promise<Map<string, ProcessUsage>> {
  const usage = new Map<string, ProcessUsage>();
  for (const [name, pid] of pids) {
    try {
      usage.set(name, await processUsage(pid));
    } catch {
      // exited
    }
  }
  return usage;
}

/**
 * The shared MySQL (mariadbd/mysqld) and RabbitMQ (beam.smp) servers when they run on this machine: every
 * service's commits and messages cost CPU there too, which the services' own figures do not show.
 */
export function sharedServerPids(): Map<string, number> {
  const pids = new Map<string, number>();
  const find = (label: string, args: string[]) => {
    try {
      const pid = Number(execFileSync('pgrep', args).toString().trim().split('\n')[0]);
      if (pid > 0) pids.set(label, pid);
    } catch {
      // not running here (a remote server): nothing to measure
    }
  };
  find('mysql (shared)', ['-o', '-x', 'mariadbd']);
  if (!pids.has('mysql (shared)')) find('mysql (shared)', ['-o', '-x', 'mysqld']);
  find('rabbitmq (shared)', ['-o', '-f', 'beam.smp.*-home /var/lib/rabbitmq']);
  return pids;
}
