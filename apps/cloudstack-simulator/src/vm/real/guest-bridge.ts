import { writeFile } from 'node:fs/promises';

import { GuestSubnet } from '../../network/guest-subnet';
import { GuestLayout } from './guest-layout';
import { runHostCommand } from './host-command';

interface Route {
  dst: string;
  dev?: string;
}

const toNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const range = (cidr: string): [number, number] => {
  const [address, prefix = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(prefix));
  const start = toNumber(address) - (toNumber(address) % size);
  return [start, start + size - 1];
};

/** A route of the host that the guest subnet would shadow or be shadowed by (the default route aside). */
export async function overlappingRoute(subnet: GuestSubnet, bridge: string): Promise<Route | undefined> {
  const routes = JSON.parse(
    (await runHostCommand('ip', ['-j', '-4', 'route', 'show', 'table', 'all'])).stdout || '[]',
  ) as Route[];
  const [start, end] = range(subnet.cidr);
  return routes.find((route) => {
    if (route.dev === bridge || !/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(route.dst)) return false;
    const [routeStart, routeEnd] = range(route.dst);
    const isHostRoute = routeStart === routeEnd;
    return !isHostRoute && routeStart <= end && start <= routeEnd;
  });
}

/**
 * The zone's guest network on this host: a bridge holding the gateway address. Guests reach the host's loopback
 * services through the gateway (DNAT to 127.0.0.1, all TCP ports but the metadata service's), and nothing is
 * routed between the bridge and any other interface.
 */
export async function createGuestBridge(layout: GuestLayout, subnet: GuestSubnet, metadataPort: number): Promise<void> {
  const clash = await overlappingRoute(subnet, layout.bridge);
  if (clash) {
    throw new Error(
      `guest subnet ${subnet.cidr} overlaps the host route ${clash.dst}${clash.dev ? ` on ${clash.dev}` : ''}; choose another with SIM_GUEST_CIDR`,
    );
  }
  const { bridge } = layout;
  await runHostCommand('ip', ['-batch', '-'], {
    input: [
      `link add ${bridge} type bridge`,
      `addr add ${subnet.gateway}/${subnet.prefixLength} dev ${bridge}`,
      `link set ${bridge} up`,
      '',
    ].join('\n'),
  });
  // Without this the kernel refuses to route packets from the bridge to 127.0.0.1 after the DNAT.
  await writeFile(`/proc/sys/net/ipv4/conf/${bridge}/route_localnet`, '1');
  await runHostCommand('nft', ['-f', '-'], {
    input: `table inet ${layout.hostTable} {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    iifname "${bridge}" ip daddr ${subnet.gateway} tcp dport != ${metadataPort} dnat ip to 127.0.0.1
  }
  chain forward {
    type filter hook forward priority filter; policy accept;
    # VM to VM on the bridge: with br_netfilter on, bridged frames pass this hook too. Each VM's own security
    # group table decides what reaches it; nothing is routed off the bridge.
    iifname "${bridge}" oifname "${bridge}" accept
    iifname "${bridge}" drop
    oifname "${bridge}" drop
  }
}
`,
  });
}

export async function removeGuestBridge(layout: Pick<GuestLayout, 'bridge' | 'hostTable'>): Promise<void> {
  await runHostCommand('ip', ['link', 'del', layout.bridge], { allowFailure: true });
  await runHostCommand('nft', ['delete', 'table', 'inet', layout.hostTable], { allowFailure: true });
}
