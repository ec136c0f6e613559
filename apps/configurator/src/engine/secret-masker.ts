export const MASK = '****';

/**
 * Replaces secret values with **** in anything that leaves the configurator: events, logs, stored output, reasons.
 * Longer secrets are replaced first so that one secret containing another is masked whole.
 */
export class SecretMasker {
  private readonly secrets: string[];

  constructor(values: Iterable<string>) {
    const variants = new Set<string>();
    for (const value of values) {
      if (!value) continue;
      variants.add(value);
      // A secret inside JSON or a quoted shell word shows up escaped.
      variants.add(JSON.stringify(value).slice(1, -1));
      for (const line of value.split('\n')) if (line.trim().length >= 16) variants.add(line.trim());
    }
    this.secrets = [...variants].filter((value) => value.length > 0).sort((a, b) => b.length - a.length);
  }

  /** The values of the parameters named as secret (list parameters: each element and the joined text). */
  static forParameters(
    parameters: Record<string, unknown>,
    secretNames: readonly string[],
    extra: readonly string[] = [],
  ): SecretMasker {
    const values: string[] = [...extra];
    for (const name of secretNames) {
      const value = parameters[name];
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) {
        values.push(value.map(String).join(','));
        values.push(...value.map(String));
      } else {
        values.push(typeof value === 'object' ? JSON.stringify(value) : String(value));
      }
    }
    return new SecretMasker(values);
  }

  mask(text: string): string {
    let masked = text;
    for (const secret of this.secrets) masked = masked.split(secret).join(MASK);
    return masked;
  }

  /** Masks every string inside a JSON-like value. */
  maskDeep<T>(value: T): T {
    if (typeof value === 'string') return this.mask(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.maskDeep(item)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.maskDeep(item)])) as T;
    }
    return value;
  }
}
