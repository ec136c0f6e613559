import { IpAddressPool, macAddressFor } from './ip-address-pool';

describe('IpAddressPool', () => {
  it('allocates sequentially from the first address', () => {
    const pool = new IpAddressPool('10.77.0.10', '10.77.255.254');
    expect([pool.allocate(), pool.allocate(), pool.allocate()]).toEqual(['10.77.0.10', '10.77.0.11', '10.77.0.12']);
  });

  it('crosses octet boundaries', () => {
    const pool = new IpAddressPool('10.77.0.254', '10.77.1.1');
    expect([pool.allocate(), pool.allocate(), pool.allocate()]).toEqual(['10.77.0.254', '10.77.0.255', '10.77.1.0']);
  });

  it('reuses released addresses only after the end of the range, and fails when full', () => {
    const pool = new IpAddressPool('10.0.0.1', '10.0.0.3');
    const first = pool.allocate();
    pool.allocate();
    pool.release(first);
    expect(pool.allocate()).toBe('10.0.0.3');
    expect(pool.allocate()).toBe('10.0.0.1');
    expect(() => pool.allocate()).toThrow('exhausted');
  });

  it('derives a locally administered MAC from the address', () => {
    expect(macAddressFor('10.77.0.10')).toBe('02:00:0a:4d:00:0a');
  });
});
