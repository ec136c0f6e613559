import { cidrContains, nonPublicKind, parseAddress, parseCidr } from './address-ranges';

describe('address ranges', () => {
  const kind = (text: string) => nonPublicKind(parseAddress(text)!);

  it('reads IPv4, IPv6 (compressed, with a dotted quad, bracketed, with a zone) and IPv4-mapped IPv6 as IPv4', () => {
    expect(parseAddress('10.1.2.3')).toEqual({ version: 4, value: 0x0a010203n });
    expect(parseAddress('[2001:db8::1]')).toEqual({ version: 6, value: 0x20010db8000000000000000000000001n });
    expect(parseAddress('fe80::1%eth0')).toEqual({ version: 6, value: 0xfe800000000000000000000000000001n });
    expect(parseAddress('::ffff:169.254.169.254')).toEqual({ version: 4, value: 0xa9fea9fen });
    expect(parseAddress('::ffff:a9fe:a9fe')).toEqual({ version: 4, value: 0xa9fea9fen });
    expect(parseAddress('1:2:3:4:5:6:7:8')).toEqual({ version: 6, value: 0x00010002000300040005000600070008n });
    expect(parseAddress('templates.example.org')).toBeUndefined();
    expect(parseAddress('010.1.2.3')).toBeUndefined();
  });

  it('classifies the non-public ranges, and nothing public', () => {
    expect(['127.0.0.1', '::1'].map(kind)).toEqual(['loopback', 'loopback']);
    expect(
      ['10.0.0.0', '172.16.0.0', '172.31.255.255', '192.168.255.255', 'fc00::', 'fdff::1', '64:ff9b:1::1'].map(kind),
    ).toEqual(Array(7).fill('private'));
    expect(['169.254.169.254', 'fe80::1', 'febf::1'].map(kind)).toEqual(Array(3).fill('link-local'));
    expect(['0.0.0.0', '::'].map(kind)).toEqual(['unspecified', 'unspecified']);
    expect(kind('100.127.255.255')).toBe('shared (carrier-grade NAT)');
    expect(kind('::ffff:127.0.0.1')).toBe('loopback');
    expect(kind('64:ff9b::10.0.0.1')).toBe('private');
    expect(kind('2002:a9fe:a9fe::1')).toBe('link-local');
    expect(kind('255.255.255.255')).toBe('reserved');
    for (const address of [
      '1.1.1.1',
      '172.15.255.255',
      '172.32.0.0',
      '100.63.255.255',
      '100.128.0.0',
      '169.253.0.1',
      '192.169.0.1',
      '11.0.0.1',
      '2606:4700::1111',
      'fbff::1',
      '2a00:1450::1',
      '64:ff9b::808:808',
      '2002:808:808::1',
      '::ffff:8.8.8.8',
    ]) {
      expect([address, kind(address)]).toEqual([address, undefined]);
    }
  });

  it('reads CIDR blocks and bare addresses, refusing anything else', () => {
    expect(cidrContains(parseCidr('10.20.0.0/16'), parseAddress('10.20.255.1')!)).toBe(true);
    expect(cidrContains(parseCidr('10.20.0.0/16'), parseAddress('10.21.0.1')!)).toBe(false);
    expect(cidrContains(parseCidr('10.20.30.40/16'), parseAddress('10.20.0.1')!)).toBe(true);
    expect(cidrContains(parseCidr(' 127.0.0.1 '), parseAddress('::ffff:127.0.0.1')!)).toBe(true);
    expect(cidrContains(parseCidr('fd00::/8'), parseAddress('fd12::1')!)).toBe(true);
    expect(cidrContains(parseCidr('fd00::/8'), parseAddress('10.0.0.1')!)).toBe(false);
    expect(cidrContains(parseCidr('0.0.0.0/0'), parseAddress('8.8.8.8')!)).toBe(true);
    for (const bad of [
      '10.0.0.0/33',
      'fd00::/129',
      '10.0.0.0/8/8',
      'internal',
      '10.0.0.0/',
      '10.0.0.0/x',
      '::ffff:10.0.0.0/104',
    ]) {
      expect(() => parseCidr(bad)).toThrow(`'${bad}' is not an address or CIDR block`);
    }
  });
});
