import { access, constants, readFile } from 'node:fs/promises';

import { runHostCommand } from './host-command';

export interface RealVmSupport {
  supported: boolean;
  /** Why not, in words an operator can act on. */
  reason?: string;
}

/** Host programs a real VM needs: namespaces and mounts, its firewall, its init, its SSH server, cloud-init's fetch. */
const REQUIRED_PROGRAMS: Record<string, string> = {
  ip: 'iproute2',
  unshare: 'util-linux',
  setpriv: 'util-linux',
  nft: 'nftables',
  tini: 'tini',
  sshd: 'openssh-server',
  'ssh-keygen': 'openssh-client',
  curl: 'curl',
};
const SEARCH_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

async function findProgram(name: string): Promise<boolean> {
  for (const dir of SEARCH_PATH) {
    try {
      await access(`${dir}/${name}`, constants.X_OK);
      return true;
    } catch {
      // try the next directory
    }
  }
  return false;
}

/** Whether this machine can back VMs with namespaces: Linux, root, overlayfs, the programs, and `ip netns` working. */
export async function probeRealVmSupport(): Promise<RealVmSupport> {
  if (process.platform !== 'linux')
    return { supported: false, reason: `the platform is ${process.platform}, not Linux` };
  if (process.getuid?.() !== 0) return { supported: false, reason: 'the simulator is not running as root' };
  const missing: string[] = [];
  for (const [program, debianPackage] of Object.entries(REQUIRED_PROGRAMS)) {
    if (!(await findProgram(program))) missing.push(`${program} (Debian package ${debianPackage})`);
  }
  if (missing.length > 0) return { supported: false, reason: `missing programs: ${missing.join(', ')}` };
  if (!/\toverlay$/m.test(await readFile('/proc/filesystems', 'utf8'))) {
    return { supported: false, reason: 'the kernel has no overlay filesystem' };
  }
  const probe = `cfnsim-probe-${process.pid}`;
  try {
    await runHostCommand('ip', ['netns', 'add', probe]);
    await runHostCommand('ip', ['netns', 'exec', probe, 'nft', 'list', 'ruleset']);
  } catch (err) {
    return { supported: false, reason: `network namespaces do not work here: ${(err as Error).message}` };
  } finally {
    await runHostCommand('ip', ['netns', 'del', probe], { allowFailure: true });
  }
  return { supported: true };
}
