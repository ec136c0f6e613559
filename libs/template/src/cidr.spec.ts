import { cidrSubnets } from './cidr';

describe('cidrSubnets', () => {
  it('starts at the network address of the block', () => {
    expect(cidrSubnets('192.168.7.77/24', 4, 6)).toEqual([
      '192.168.7.0/26',
      '192.168.7.64/26',
      '192.168.7.128/26',
      '192.168.7.192/26',
    ]);
  });

  it('handles a /0 block and high addresses', () => {
    expect(cidrSubnets('0.0.0.0/0', 2, 31)).toEqual(['0.0.0.0/1', '128.0.0.0/1']);
  });

  it('rejects more subnets than fit, and invalid blocks', () => {
    expect(() => cidrSubnets('10.0.0.0/24', 5, 6)).toThrow(/cannot carve 5 subnets/);
    expect(() => cidrSubnets('10.0.0.0/24', 1, 9)).toThrow(/cannot carve/);
    expect(() => cidrSubnets('10.0.0.300/24', 1, 4)).toThrow(/not a valid IPv4 CIDR block/);
    expect(() => cidrSubnets('fd00::/64', 1, 4)).toThrow(/not a valid IPv4 CIDR block/);
  });
});
