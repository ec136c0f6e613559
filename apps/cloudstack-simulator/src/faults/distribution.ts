import { Distribution } from './simulator-faults';

/** A standard normal deviate (Box-Muller). */
function standardNormal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Draws one duration in ms from a distribution (see Distribution); 0 when none is given. */
export function sample(distribution: Distribution | undefined, random: () => number = Math.random): number {
  if (!distribution) return 0;
  const low = distribution.min ?? 0;
  const high = distribution.max ?? Number.POSITIVE_INFINITY;
  const value =
    distribution.mean !== undefined
      ? distribution.mean + (distribution.stddev ?? 0) * standardNormal(random)
      : low + (high - low) * random();
  return Math.max(0, Math.min(high, Math.max(low, value)));
}

/** The entry for a command, else the `*` entry. */
export function forCommand<T>(table: Record<string, T> | undefined, command: string): T | undefined {
  return table?.[command] ?? table?.['*'];
}
