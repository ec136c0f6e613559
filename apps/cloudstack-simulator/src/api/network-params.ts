import { isIPv4, isIPv6 } from 'node:net';

import { ApiError } from './api-error';
import { CommandParameters } from './command-parameters';

/** An IPv4 or IPv6 network in CIDR notation. */
export function isCidr(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  if (rest.length || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  if (isIPv4(address)) return Number(prefix) <= 32;
  return isIPv6(address) && Number(prefix) <= 128;
}

/** `cidrlist`, each checked; `fallback` when absent. */
export function cidrList(p: CommandParameters, fallback: string[] = []): string[] {
  const cidrs = p.list('cidrlist') ?? fallback;
  for (const cidr of cidrs) if (!isCidr(cidr)) throw ApiError.invalidParameter(`Invalid cidr ${cidr}`);
  return cidrs;
}

const NAMED_PROTOCOLS = new Set(['tcp', 'udp', 'icmp', 'all']);

/** tcp, udp, icmp, all, or an IP protocol number, lowercased. */
export function protocolParam(p: CommandParameters, fallback?: string): string {
  const protocol = (p.optional('protocol') ?? fallback ?? p.required('protocol')).toLowerCase();
  const numeric = /^\d+$/.test(protocol) && Number(protocol) <= 255;
  if (!NAMED_PROTOCOLS.has(protocol) && !numeric) throw ApiError.invalidParameter(`Invalid protocol ${protocol}`);
  return protocol;
}

/** A TCP/UDP port range; `end` defaults to `start`. */
export function portRange(start: number | undefined, end: number | undefined): { startport: number; endport: number } {
  const endport = end ?? start;
  if (start === undefined || endport === undefined)
    throw ApiError.invalidParameter(`Invalid port range ${start}:${end}`);
  if (start < 1 || endport < 1 || start > 65535 || endport > 65535) {
    throw ApiError.invalidParameter(`Invalid port numbers ${start}:${endport}`);
  }
  if (start > endport) throw ApiError.invalidParameter(`Invalid port range ${start}:${endport}`);
  return { startport: start, endport };
}
