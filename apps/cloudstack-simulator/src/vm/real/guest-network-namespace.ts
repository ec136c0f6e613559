import { GuestSubnet } from '../../network/guest-subnet';
import { NicRecord } from '../../state/records';
import { GuestLayout } from './guest-layout';
import { runHostCommand } from './host-command';

/** The VM's NIC: a network namespace whose eth0 (the NIC's MAC and address) is a veth plugged into the bridge. */
export async function createGuestNetwork(
  layout: GuestLayout,
  vmId: string,
  nic: NicRecord,
  subnet: GuestSubnet,
): Promise<string> {
  const namespace = layout.namespaceOf(vmId);
  const veth = layout.hostVethOf(vmId);
  await removeGuestNetwork(layout, vmId);
  await runHostCommand('ip', ['-batch', '-'], {
    input: [
      `netns add ${namespace}`,
      `link add ${veth} type veth peer name eth0 address ${nic.macaddress} netns ${namespace}`,
      `link set ${veth} master ${layout.bridge} up`,
      '',
    ].join('\n'),
  });
  await runHostCommand('ip', ['-n', namespace, '-batch', '-'], {
    input: [
      'link set lo up',
      `addr add ${nic.ipaddress}/${subnet.prefixLength} dev eth0`,
      'link set eth0 up',
      `route add default via ${subnet.gateway}`,
      '',
    ].join('\n'),
  });
  return namespace;
}

/** Deleting the namespace takes its end of the veth pair, and so the host's end, with it. */
export async function removeGuestNetwork(layout: GuestLayout, vmId: string): Promise<void> {
  await runHostCommand('ip', ['netns', 'del', layout.namespaceOf(vmId)], { allowFailure: true });
  await runHostCommand('ip', ['link', 'del', layout.hostVethOf(vmId)], { allowFailure: true });
}

/** Host PIDs of every process inside a network namespace. */
export async function namespacePids(namespace: string): Promise<number[]> {
  const { stdout } = await runHostCommand('ip', ['netns', 'pids', namespace], { allowFailure: true });
  return stdout.split(/\s+/).filter(Boolean).map(Number);
}

export async function listNamespaces(prefix: string): Promise<string[]> {
  const { stdout } = await runHostCommand('ip', ['netns', 'list'], { allowFailure: true });
  return stdout
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name && name.startsWith(prefix));
}
