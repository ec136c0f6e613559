import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A process is identified by its PID and its start time, so a recycled PID is not mistaken for the owner. */
async function startTimeOf(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the last ')'; the start time is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The PID of the live simulator that owns a run directory's owner file, if it is still alive. */
export async function liveOwnerOf(ownerFile: string): Promise<number | undefined> {
  let content: string;
  try {
    content = await readFile(ownerFile, 'utf8');
  } catch {
    return undefined;
  }
  const [pid, startTime] = content.trim().split(' ');
  const current = await startTimeOf(Number(pid));
  return current !== undefined && current === startTime ? Number(pid) : undefined;
}

export async function claimOwnership(ownerFile: string): Promise<void> {
  await mkdir(dirname(ownerFile), { recursive: true });
  await writeFile(ownerFile, `${process.pid} ${await startTimeOf(process.pid)}\n`);
}

export async function releaseOwnership(ownerFile: string): Promise<void> {
  await rm(ownerFile, { force: true });
}
