import { parseGuestSubnet, subnetContains } from './guest-subnet';

describe('parseGuestSubnet', () => {
  it('derives the gateway, netmask and guest range CloudStack would use', () => {
    expect(parseGuestSubnet('10.77.0.0/16')).toEqual({
      cidr: '10.77.0.0/16',
      prefixLength: 16,
      gateway: '10.77.0.1',
      netmask: '255.255.0.0',
      firstGuestAddress: '10.77.0.10',
      lastGuestAddress: '10.77.255.254',
    });
    expect(parseGuestSubnet('10.78.5.77/24')).toMatchObject({
      cidr: '10.78.5.0/24',
      gateway: '10.78.5.1',
      netmask: '255.255.255.0',
      lastGuestAddress: '10.78.5.254',
    });
  });

  it('refuses what is not a usable IPv4 network', () => {
    expect(() => parseGuestSubnet('10.77.0.0')).toThrow('guest CIDR');
    expect(() => parseGuestSubnet('10.777.0.0/16')).toThrow('guest CIDR');
    expect(() => parseGuestSubnet('10.77.0.0/30')).toThrow('guest CIDR');
  });

  it('tells whether an address is inside', () => {
    const subnet = parseGuestSubnet('10.78.5.0/24');
    expect(subnetContains(subnet, '10.78.5.200')).toBe(true);
    expect(subnetContains(subnet, '10.78.6.1')).toBe(false);
  });
});
