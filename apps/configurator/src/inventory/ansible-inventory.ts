import { stringify } from 'yaml';

export interface InventoryHost {
  logicalId: string;
  groupName: string | null;
  groupIndex: number;
  address: string;
  port: number | null;
  loginUser: string | null;
}

export interface InventoryOptions {
  format?: 'yaml' | 'ini';
  /** The stack's private key written out for Ansible (ansible_ssh_private_key_file). */
  privateKeyFile?: string;
  /** A known_hosts file with the recorded host keys; host keys are then checked strictly. */
  knownHostsFile?: string;
}

/** Ansible accepts letters, digits and underscores in group names. */
export function inventoryGroupName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

function hostVariables(host: InventoryHost): Record<string, string | number> {
  return {
    ansible_host: host.address,
    ...(host.port !== null ? { ansible_port: host.port } : {}),
    ...(host.loginUser !== null ? { ansible_user: host.loginUser } : {}),
    ...(host.loginUser !== null && host.loginUser !== 'root' ? { ansible_become: 'true' } : {}),
    cfn_logical_id: host.logicalId,
    ...(host.groupName !== null ? { cfn_group: host.groupName, cfn_group_index: host.groupIndex } : {}),
  };
}

function sharedVariables(options: InventoryOptions): Record<string, string> {
  return {
    ...(options.privateKeyFile ? { ansible_ssh_private_key_file: options.privateKeyFile } : {}),
    ...(options.knownHostsFile
      ? { ansible_ssh_common_args: `-o UserKnownHostsFile=${options.knownHostsFile} -o StrictHostKeyChecking=yes` }
      : {}),
  };
}

/** Groups by group name (members in index order); a group never takes the name of a host. */
function groupsOf(hosts: InventoryHost[]): Map<string, string[]> {
  const hostNames = new Set(hosts.map((host) => host.logicalId));
  const groups = new Map<string, InventoryHost[]>();
  for (const host of hosts) {
    if (host.groupName === null) continue;
    let name = inventoryGroupName(host.groupName);
    if (hostNames.has(name)) name = `${name}_group`;
    groups.set(name, [...(groups.get(name) ?? []), host]);
  }
  return new Map(
    [...groups].map(([name, members]) => [
      name,
      members.sort((a, b) => a.groupIndex - b.groupIndex).map((m) => m.logicalId),
    ]),
  );
}

/**
 * A stack's hosts as an Ansible inventory (YAML, or INI): each host named by its logical id, one group per group
 * name, so users can run their own playbooks against what the stack built (`ansible all -i <file> -m ping`).
 */
export function renderInventory(hosts: InventoryHost[], options: InventoryOptions = {}): string {
  const sorted = [...hosts].sort((a, b) => a.logicalId.localeCompare(b.logicalId));
  const groups = groupsOf(sorted);
  const shared = sharedVariables(options);
  if ((options.format ?? 'yaml') === 'ini') {
    const lines = [
      '[all]',
      ...sorted.map((host) =>
        [host.logicalId, ...Object.entries(hostVariables(host)).map(([key, value]) => `${key}=${value}`)].join(' '),
      ),
    ];
    for (const [name, members] of groups) lines.push('', `[${name}]`, ...members);
    if (Object.keys(shared).length)
      lines.push('', '[all:vars]', ...Object.entries(shared).map(([key, value]) => `${key}="${value}"`));
    return `${lines.join('\n')}\n`;
  }
  const inventory = {
    all: {
      ...(Object.keys(shared).length ? { vars: shared } : {}),
      hosts: Object.fromEntries(sorted.map((host) => [host.logicalId, hostVariables(host)])),
      ...(groups.size
        ? {
            children: Object.fromEntries(
              [...groups].map(([name, members]) => [
                name,
                { hosts: Object.fromEntries(members.map((m) => [m, null])) },
              ]),
            ),
          }
        : {}),
    },
  };
  return stringify(inventory);
}
