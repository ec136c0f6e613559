import { forCommand, sample } from './distribution';

describe('fault distributions', () => {
  const draws = (n: number, f: () => number) => Array.from({ length: n }, f);

  it('draws uniformly between min and max', () => {
    const values = draws(2000, () => sample({ min: 100, max: 200 }));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...values)).toBeLessThanOrEqual(200);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(140);
    expect(mean).toBeLessThan(160);
    expect(new Set(values.map(Math.round)).size).toBeGreaterThan(50);
  });

  it('draws normally around mean, clamped to [min, max] and never negative', () => {
    const values = draws(4000, () => sample({ mean: 100, stddev: 20 }));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(mean).toBeGreaterThan(95);
    expect(mean).toBeLessThan(105);
    expect(sd).toBeGreaterThan(16);
    expect(sd).toBeLessThan(24);
    const clamped = draws(500, () => sample({ mean: 0, stddev: 50, max: 30 }));
    expect(Math.min(...clamped)).toBe(0);
    expect(Math.max(...clamped)).toBeLessThanOrEqual(30);
  });

  it('is zero without a distribution and prefers the command entry over *', () => {
    expect(sample(undefined)).toBe(0);
    expect(forCommand({ '*': 1, listZones: 2 }, 'listZones')).toBe(2);
    expect(forCommand({ '*': 1 }, 'deployVirtualMachine')).toBe(1);
    expect(forCommand(undefined, 'x')).toBeUndefined();
  });
});
