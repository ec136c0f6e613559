import { isIP } from 'node:net';

/** An IPv4 or IPv6 address as a number; IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are read as IPv4. */
export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

/** A block of addresses (`10.0.0.0/8`, `fd00::/8`; a bare address is a block of one). */
export interface Cidr {
  version: 4 | 6;
  base: bigint;
  prefix: number;
  text: string;
}

/** What kind of non-public address a refused one is, for the message (`a loopback address`). */
export type NonPublicKind =
  'loopback' | 'private' | 'link-local' | 'unspecified' | 'shared (carrier-grade NAT)' | 'multicast' | 'reserved';

const V4_BITS = 32;
const V6_BITS = 128;

/**
 * Addresses a TemplateURL may not lead to unless the operator allows them: nothing here is a public web
 * server, and most of it is where the api's own network lives (loopback, the cloud's management and metadata
 * networks, link-local metadata services such as 169.254.169.254). Documentation blocks (192.0.2.0/24, ...)
 * are left alone: they are not routed, so they reach nothing.
 */
const V4_RANGES: Array<[string, NonPublicKind]> = [
  ['0.0.0.0/8', 'unspecified'], // "this network"; connecting to 0.0.0.0 reaches the local host
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared (carrier-grade NAT)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'], // benchmarking, used as private space in places
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'], // including 255.255.255.255
];

const V6_RANGES: Array<[string, NonPublicKind]> = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'reserved'], // IPv4-compatible addresses (deprecated)
  ['64:ff9b:1::/48', 'private'], // local-use NAT64
  ['100::/64', 'reserved'], // discard-only
  ['2001::/32', 'reserved'], // Teredo tunnels
  ['fc00::/7', 'private'], // unique local
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'], // site-local (deprecated)
  ['ff00::/8', 'multicast'],
];

const REFUSED_V4 = V4_RANGES.map(([cidr, kind]) => [parseCidr(cidr), kind] as const);
const REFUSED_V6 = V6_RANGES.map(([cidr, kind]) => [parseCidr(cidr), kind] as const);
/** IPv6 prefixes that carry an IPv4 address, which is what they reach: NAT64 (last 32 bits) and 6to4 (bits 16-47). */
const NAT64 = parseCidr('64:ff9b::/96');
const SIX_TO_FOUR = parseCidr('2002::/16');

/** Parses an address (IPv6 with or without brackets or a zone); undefined when it is not one. */
export function parseAddress(text: string): IpAddress | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return { version: 4, value: parseV4(bare) };
  if (version !== 6) return undefined;
  const value = parseV6(bare);
  // ::ffff:a.b.c.d is the IPv4 address a.b.c.d to the socket layer.
  if (value >> 32n === 0xffffn) return { version: 4, value: value & 0xffffffffn };
  return { version: 6, value };
}

/** `a.b.c.d/n`, `x::y/n` or a bare address (a block of one); throws when it is none of them. */
export function parseCidr(text: string): Cidr {
  const trimmed = text.trim();
  const [addressText, prefixText, ...rest] = trimmed.split('/');
  const address = parseAddress(addressText);
  const bits = address?.version === 4 ? V4_BITS : V6_BITS;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  // An IPv4-mapped address is read as IPv4, so a prefix written for it would mean something else.
  const mappedWithPrefix =
    address?.version === 4 && isIP(addressText.replace(/^\[(.*)\]$/, '$1')) === 6 && prefixText !== undefined;
  if (!address || rest.length > 0 || !(prefix >= 0 && prefix <= bits) || mappedWithPrefix) {
    throw new Error(`'${trimmed}' is not an address or CIDR block (such as 10.20.0.0/16 or fd00::/8)`);
  }
  return { version: address.version, base: address.value & mask(address.version, prefix), prefix, text: trimmed };
}

export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  return cidr.version === address.version && (address.value & mask(cidr.version, cidr.prefix)) === cidr.base;
}

/** The kind of non-public address this is, or undefined for a public one. */
export function nonPublicKind(address: IpAddress): NonPublicKind | undefined {
  if (address.version === 4) return REFUSED_V4.find(([cidr]) => cidrContains(cidr, address))?.[1];
  if (cidrContains(NAT64, address)) return nonPublicKind({ version: 4, value: address.value & 0xffffffffn });
  if (cidrContains(SIX_TO_FOUR, address))
    return nonPublicKind({ version: 4, value: (address.value >> 80n) & 0xffffffffn });
  return REFUSED_V6.find(([cidr]) => cidrContains(cidr, address))?.[1];
}

/** `a loopback address`, `an unspecified address`. */
export function describeKind(kind: NonPublicKind): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} address`;
}

function mask(version: 4 | 6, prefix: number): bigint {
  const bits = BigInt(version === 4 ? V4_BITS : V6_BITS);
  const all = (1n << bits) - 1n;
  return (all << (bits - BigInt(prefix))) & all;
}

function parseV4(text: string): bigint {
  return text.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function parseV6(text: string): bigint {
  let words = text;
  // A trailing dotted quad is the last two 16-bit groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(words);
  if (quad) {
    const v4 = parseV4(quad[1]);
    words = `${words.slice(0, quad.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = words.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}
