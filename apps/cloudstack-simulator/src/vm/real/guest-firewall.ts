import { isIPv4, isIPv6 } from 'node:net';

/** A security group rule with its allowed peers resolved to CIDRs (what SimulatorState.securityRulesFor gives). */
export interface FirewallRule {
  protocol: string;
  startport?: number;
  endport?: number;
  icmptype?: number;
  icmpcode?: number;
  cidrs: string[];
}

export const GUEST_FIREWALL_TABLE = 'cfnsim_security_groups';

const isCidr = (value: string, check: (address: string) => boolean, maxPrefix: number) => {
  const [address, prefix, ...rest] = value.split('/');
  const bits = prefix === undefined ? maxPrefix : Number(prefix);
  return rest.length === 0 && check(address) && Number.isInteger(bits) && bits >= 0 && bits <= maxPrefix;
};
const isPort = (value: number | undefined): value is number =>
  Number.isInteger(value) && value! >= 0 && value! <= 65535;
const isIcmpValue = (value: number | undefined): value is number =>
  Number.isInteger(value) && value! >= 0 && value! <= 255;

/** `ip saddr { ... }` style matches, one per address family present; a /0 matches the whole family. */
function peerMatches(cidrs: string[], direction: 'saddr' | 'daddr'): string[] {
  const v4 = cidrs.filter((c) => isCidr(c, isIPv4, 32));
  const v6 = cidrs.filter((c) => isCidr(c, isIPv6, 128));
  const family = (list: string[], keyword: 'ip' | 'ip6', nfproto: string) => {
    if (list.length === 0) return [];
    if (list.some((c) => c.endsWith('/0'))) return [`meta nfproto ${nfproto}`];
    return [`${keyword} ${direction} { ${list.join(', ')} }`];
  };
  return [...family(v4, 'ip', 'ipv4'), ...family(v6, 'ip6', 'ipv6')];
}

/** What a rule admits beyond its peers: protocol, port range or ICMP type/code; undefined for what cannot be rendered. */
function trafficMatch(rule: FirewallRule): string | undefined {
  const protocol = rule.protocol.toLowerCase();
  if (protocol === 'all') return '';
  if (protocol === 'tcp' || protocol === 'udp') {
    if (!isPort(rule.startport)) return `meta l4proto ${protocol}`;
    const end = isPort(rule.endport) ? rule.endport : rule.startport;
    return `${protocol} dport ${end > rule.startport ? `${rule.startport}-${end}` : rule.startport}`;
  }
  if (protocol === 'icmp') {
    if (!isIcmpValue(rule.icmptype)) return 'meta l4proto icmp';
    return `icmp type ${rule.icmptype}${isIcmpValue(rule.icmpcode) ? ` icmp code ${rule.icmpcode}` : ''}`;
  }
  if (/^\d{1,3}$/.test(protocol) && Number(protocol) <= 255) return `meta l4proto ${Number(protocol)}`;
  return undefined;
}

function ruleLines(rules: FirewallRule[], direction: 'saddr' | 'daddr'): string[] {
  const lines: string[] = [];
  for (const rule of rules) {
    const traffic = trafficMatch(rule);
    if (traffic === undefined) continue;
    for (const peer of peerMatches(rule.cidrs, direction)) {
      if (rule.protocol.toLowerCase() === 'icmp' && peer.includes('ip6')) continue;
      lines.push(`    ${[peer, traffic].filter(Boolean).join(' ')} accept`);
    }
  }
  return lines;
}

/**
 * The nftables ruleset that enforces a VM's security groups in its network namespace, replaced atomically.
 * As in CloudStack: nothing comes in unless an ingress rule admits it (replies to the VM's own traffic do);
 * everything goes out until the VM's groups have an egress rule, then only what those admit. The gateway (the
 * virtual router: metadata, the host's services) stays reachable.
 */
export function renderGuestFirewall(ingress: FirewallRule[], egress: FirewallRule[], gateway: string): string {
  return [
    `table inet ${GUEST_FIREWALL_TABLE}`,
    `delete table inet ${GUEST_FIREWALL_TABLE}`,
    `table inet ${GUEST_FIREWALL_TABLE} {`,
    '  chain ingress {',
    '    type filter hook input priority filter; policy drop;',
    '    iif "lo" accept',
    '    ct state established,related accept',
    ...ruleLines(ingress, 'saddr'),
    '  }',
    '  chain egress {',
    `    type filter hook output priority filter; policy ${egress.length > 0 ? 'drop' : 'accept'};`,
    '    oif "lo" accept',
    '    ct state established,related accept',
    `    ip daddr ${gateway} accept`,
    ...ruleLines(egress, 'daddr'),
    '  }',
    '}',
    '',
  ].join('\n');
}
