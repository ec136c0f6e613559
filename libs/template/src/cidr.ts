import { TemplateValidationError } from './errors';

/** Fn::Cidr for IPv4: `count` consecutive subnets of `cidrBits` host bits carved from `ipBlock`. */
export function cidrSubnets(ipBlock: string, count: number, cidrBits: number): string[] {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(ipBlock);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : NaN;
  if (!match || octets.some((octet) => octet > 255) || prefix > 32) {
    throw new TemplateValidationError(`Template error: Fn::Cidr ipBlock ${ipBlock} is not a valid IPv4 CIDR block`);
  }
  const subnetPrefix = 32 - cidrBits;
  if (!Number.isInteger(count) || count < 1 || count > 256 || !Number.isInteger(cidrBits) || subnetPrefix < prefix) {
    throw new TemplateValidationError(
      `Template error: Fn::Cidr cannot carve ${count} subnets of ${cidrBits} host bits from ${ipBlock}`,
    );
  }
  const size = 2 ** cidrBits;
  const available = 2 ** (subnetPrefix - prefix);
  if (count > available) {
    throw new TemplateValidationError(
      `Template error: Fn::Cidr cannot carve ${count} subnets of ${cidrBits} host bits from ${ipBlock}`,
    );
  }
  const address = octets.reduce((total, octet) => total * 256 + octet, 0);
  const network = address - (address % 2 ** (32 - prefix));
  return Array.from({ length: count }, (_, index) => `${toDotted(network + index * size)}/${subnetPrefix}`);
}

function toDotted(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}
