import { access, readdir, readFile, rm } from 'node:fs/promises';

import { removeGuestBridge } from './guest-bridge';
import { GuestLayout } from './guest-layout';
import { listNamespaces, namespacePids } from './guest-network-namespace';
import { runHostCommand } from './host-command';
import { isValidBridgeName } from './real-vm-settings';
import { liveOwnerOf } from './run-owner';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Kills what runs in a VM's network namespace, waits for it to be gone, then deletes the namespace. */
export async function killNamespace(namespace: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const pids = await namespacePids(namespace);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await sleep(100);
  }
  await runHostCommand('ip', ['netns', 'del', namespace], { allowFailure: true });
}

/** Overlay mounts live in the VMs' private mount namespaces, but a mount leaked into ours must not block rm. */
async function unmountUnder(dir: string): Promise<void> {
  const mounts = (await readFile('/proc/mounts', 'utf8'))
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((target): target is string => !!target && (target === dir || target.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
  for (const target of mounts) await runHostCommand('umount', ['-l', target], { allowFailure: true });
}

/** Removes everything one simulator run left: VM processes, namespaces, veths, bridge, NAT table and disks. */
export async function removeRun(layout: GuestLayout): Promise<void> {
  for (const namespace of await listNamespaces(layout.namespacePrefix)) await killNamespace(namespace);
  await removeGuestBridge(layout);
  await unmountUnder(layout.runDir);
  await rm(layout.runDir, { recursive: true, force: true });
}

/**
 * Clean-up at start: this bridge's leftovers, and those of any other run whose simulator is dead (a crash or a
 * SIGKILL leaves namespaces, the bridge and disks behind). Refuses to take over a bridge a live simulator owns.
 * Returns the bridges it cleaned.
 */
export async function removeStaleRuns(layout: GuestLayout): Promise<string[]> {
  const owner = await liveOwnerOf(layout.ownerFile);
  if (owner !== undefined && owner !== process.pid) {
    throw new Error(
      `bridge ${layout.bridge} belongs to the running simulator with PID ${owner}; set SIM_BRIDGE to another name`,
    );
  }
  const cleaned: string[] = [];
  let entries: string[] = [];
  try {
    entries = await readdir(layout.stateDir);
  } catch {
    entries = [];
  }
  for (const bridge of entries) {
    if (bridge === layout.bridge || !isValidBridgeName(bridge)) continue;
    const other = new GuestLayout(bridge, layout.stateDir);
    // Only directories a simulator made (they hold an owner file) whose simulator is gone.
    if (!(await exists(other.ownerFile)) || (await liveOwnerOf(other.ownerFile)) !== undefined) continue;
    await removeRun(other);
    cleaned.push(bridge);
  }
  await removeRun(layout);
  return cleaned;
}
