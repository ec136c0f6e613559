/** A parameter the operator publishes to every account, as AWS publishes `/aws/service/...`. */
export interface PublicParameter {
  name: string;
  value: string;
}

/**
 * CFN_PUBLIC_PARAMETERS: a JSON object of names (or glob patterns, `*` for any characters) to values, e.g.
 * `{"/aws/service/ami-amazon-linux-latest/*": "debian-12"}`. A name matches its own key first, then the most
 * specific (longest) pattern. Read by every account, written by none.
 */
export class PublicParameters {
  private readonly exact = new Map<string, string>();
  private readonly patterns: Array<{ key: string; pattern: RegExp; value: string }> = [];

  constructor(definitions: Record<string, string>) {
    for (const [key, value] of Object.entries(definitions)) {
      if (key.includes('*')) this.patterns.push({ key, pattern: glob(key), value });
      else this.exact.set(key, value);
    }
    this.patterns.sort((a, b) => b.key.length - a.key.length || a.key.localeCompare(b.key));
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): PublicParameters {
    const text = env.CFN_PUBLIC_PARAMETERS?.trim();
    if (!text) return new PublicParameters({});
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('CFN_PUBLIC_PARAMETERS must be a JSON object of parameter names (or patterns) to values');
    }
    return new PublicParameters(
      Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([key, value]) => [key, String(value)])),
    );
  }

  find(name: string): PublicParameter | undefined {
    const value = this.exact.get(name) ?? this.patterns.find((candidate) => candidate.pattern.test(name))?.value;
    return value === undefined ? undefined : { name, value };
  }

  /** The names published as such (patterns cannot be listed), for GetParametersByPath. */
  listed(): PublicParameter[] {
    return [...this.exact]
      .map(([name, value]) => ({ name, value }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** Whether a name is in AWS's public namespace (`/aws/...`), which only the operator publishes to. */
export const isPublicName = (name: string): boolean => name.startsWith('/aws/');

function glob(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}
