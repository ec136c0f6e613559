const toNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const toAddress = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/**
 * Hands out guest addresses in order (first, first+1, ...) and only comes back to released ones after reaching the
 * end of the range, so a freshly expunged VM's address is not immediately someone else's.
 */
export class IpAddressPool {
  private readonly first: number;
  private readonly last: number;
  private next: number;
  private readonly inUse = new Set<number>();

  constructor(first: string, last: string) {
    this.first = toNumber(first);
    this.last = toNumber(last);
    this.next = this.first;
  }

  allocate(): string {
    const size = this.last - this.first + 1;
    for (let i = 0; i < size; i++) {
      const candidate = this.first + ((this.next - this.first + i) % size);
      if (!this.inUse.has(candidate)) {
        this.inUse.add(candidate);
        this.next = candidate + 1 > this.last ? this.first : candidate + 1;
        return toAddress(candidate);
      }
    }
    throw new Error('guest address range exhausted');
  }

  release(address: string): void {
    this.inUse.delete(toNumber(address));
  }
}

/** A locally administered MAC that embeds the IPv4 address, as CloudStack's `02:00:...` guest MACs look. */
export function macAddressFor(address: string): string {
  const octets = address.split('.').map((o) => Number(o).toString(16).padStart(2, '0'));
  return ['02', '00', ...octets].join(':');
}
