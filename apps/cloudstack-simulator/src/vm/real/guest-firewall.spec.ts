import { renderGuestFirewall } from './guest-firewall';

describe('renderGuestFirewall', () => {
  const chain = (ruleset: string, name: string) => ruleset.split(`chain ${name} {`)[1].split('  }')[0];

  it('drops every inbound connection when no rule admits it, and lets everything out', () => {
    const ruleset = renderGuestFirewall([], [], '10.77.0.1');
    expect(chain(ruleset, 'ingress')).toContain('policy drop;');
    expect(chain(ruleset, 'ingress')).not.toMatch(/dport/);
    expect(chain(ruleset, 'egress')).toContain('policy accept;');
    expect(ruleset.startsWith('table inet cfnsim_security_groups\ndelete table inet cfnsim_security_groups\n')).toBe(
      true,
    );
  });

  it('renders port ranges, ICMP types, protocol numbers and whole-family sources', () => {
    const ruleset = renderGuestFirewall(
      [
        { protocol: 'tcp', startport: 22, endport: 22, cidrs: ['0.0.0.0/0'] },
        { protocol: 'TCP', startport: 8000, endport: 8100, cidrs: ['10.1.0.0/16', '192.168.1.7/32'] },
        { protocol: 'udp', cidrs: ['::/0'] },
        { protocol: 'icmp', icmptype: 8, icmpcode: 0, cidrs: ['10.0.0.0/8'] },
        { protocol: 'icmp', icmptype: -1, icmpcode: -1, cidrs: ['10.0.0.0/8'] },
        { protocol: 'all', cidrs: ['10.77.0.12/32'] },
        { protocol: '47', cidrs: ['10.0.0.0/8'] },
      ],
      [],
      '10.77.0.1',
    );
    const ingress = chain(ruleset, 'ingress');
    expect(ingress).toContain('meta nfproto ipv4 tcp dport 22 accept');
    expect(ingress).toContain('ip saddr { 10.1.0.0/16, 192.168.1.7/32 } tcp dport 8000-8100 accept');
    expect(ingress).toContain('meta nfproto ipv6 meta l4proto udp accept');
    expect(ingress).toContain('ip saddr { 10.0.0.0/8 } icmp type 8 icmp code 0 accept');
    expect(ingress).toContain('ip saddr { 10.0.0.0/8 } meta l4proto icmp accept');
    expect(ingress).toContain('ip saddr { 10.77.0.12/32 } accept');
    expect(ingress).toContain('ip saddr { 10.0.0.0/8 } meta l4proto 47 accept');
  });

  it('renders nothing for a group rule whose group has no members, and ignores what is not an address', () => {
    const ruleset = renderGuestFirewall(
      [
        { protocol: 'tcp', startport: 80, endport: 80, cidrs: [] },
        { protocol: 'tcp', startport: 81, endport: 81, cidrs: ['10.0.0.0/8; flush ruleset'] },
        { protocol: 'gre; flush ruleset', cidrs: ['10.0.0.0/8'] },
      ],
      [],
      '10.77.0.1',
    );
    expect(ruleset).not.toMatch(/dport 8[01]|flush ruleset|l4proto gre/);
  });

  it('restricts egress to the rules once a group has one, keeping the gateway reachable', () => {
    const egress = chain(
      renderGuestFirewall([], [{ protocol: 'tcp', startport: 443, endport: 443, cidrs: ['0.0.0.0/0'] }], '10.77.0.1'),
      'egress',
    );
    expect(egress).toContain('policy drop;');
    expect(egress).toContain('ip daddr 10.77.0.1 accept');
    expect(egress).toContain('meta nfproto ipv4 tcp dport 443 accept');
  });
});
