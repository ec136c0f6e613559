/**
 * True when `value` comes back the same from JSON (stringified, then parsed), as a parsed template does on its way
 * through a message. YAML can hold numbers JSON cannot (`.inf`, `-.inf`, `.nan`, which JSON turns into null); plain
 * objects, arrays, strings, booleans, null and finite numbers are all a parsed template can otherwise hold.
 */
export function isJsonFaithful(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'number') {
      if (!Number.isFinite(next)) return false;
    } else if (Array.isArray(next)) {
      pending.push(...next);
    } else if (next !== null && typeof next === 'object') {
      if (Object.getPrototypeOf(next) !== Object.prototype && Object.getPrototypeOf(next) !== null) return false;
      pending.push(...Object.values(next));
    } else if (next !== null && typeof next !== 'string' && typeof next !== 'boolean') {
      return false;
    }
  }
  return true;
}
