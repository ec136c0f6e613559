export const GUEST_SUBNET = Symbol('GUEST_SUBNET');

/** The guest network's CIDR unless SIM_GUEST_CIDR says otherwise. */
export const DEFAULT_GUEST_CIDR = '10.77.0.0/16';

/** Addresses below network+10 are kept for the gateway and the virtual router's services, as CloudStack does. */
const FIRST_GUEST_OFFSET = 10;

const toNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const toAddress = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/** The shared guest network of the simulated zone: its gateway is the simulator host's bridge address. */
export interface GuestSubnet {
  cidr: string;
  prefixLength: number;
  gateway: string;
  netmask: string;
  firstGuestAddress: string;
  lastGuestAddress: string;
}

export function parseGuestSubnet(cidr: string): GuestSubnet {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr.trim());
  const octets = match?.[1].split('.').map(Number) ?? [];
  const prefixLength = Number(match?.[2]);
  if (!match || octets.some((o) => o > 255) || prefixLength < 8 || prefixLength > 28) {
    throw new Error(`guest CIDR must be an IPv4 network with a prefix between /8 and /28, got "${cidr}"`);
  }
  const size = 2 ** (32 - prefixLength);
  const network = toNumber(match[1]) - (toNumber(match[1]) % size);
  return {
    cidr: `${toAddress(network)}/${prefixLength}`,
    prefixLength,
    gateway: toAddress(network + 1),
    netmask: toAddress(2 ** 32 - size),
    firstGuestAddress: toAddress(network + FIRST_GUEST_OFFSET),
    lastGuestAddress: toAddress(network + size - 2),
  };
}

/** True when the address lies inside the subnet. */
export function subnetContains(subnet: Pick<GuestSubnet, 'cidr' | 'prefixLength'>, address: string): boolean {
  const size = 2 ** (32 - subnet.prefixLength);
  const network = toNumber(subnet.cidr.split('/')[0]);
  const value = toNumber(address);
  return value >= network && value < network + size;
}
