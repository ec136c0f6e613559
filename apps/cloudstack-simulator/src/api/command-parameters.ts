import { ApiError } from './api-error';

/** The parameters of one API call, looked up by lowercase name as CloudStack's @Parameter annotations are. */
export class CommandParameters {
  private readonly values = new Map<string, string>();

  constructor(
    readonly command: string,
    raw: Record<string, string>,
  ) {
    for (const [name, value] of Object.entries(raw)) {
      const key = name.toLowerCase();
      if (!this.values.has(key)) this.values.set(key, value);
    }
  }

  optional(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw ApiError.missingParameter(this.command, name);
    return value;
  }

  /** Java's Boolean.parseBoolean: only "true" (any case) is true. */
  boolean(name: string): boolean {
    return this.optional(name)?.toLowerCase() === 'true';
  }

  integer(name: string): number | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value.trim())) throw ApiError.invalidParameterValue(this.command, name, value);
    return Number(value);
  }

  /** A uuid parameter that must name an existing entity (CloudStack resolves it before the command runs). */
  entity<T>(name: string, find: (id: string) => T | undefined, isRequired: true): T;
  entity<T>(name: string, find: (id: string) => T | undefined, isRequired?: false): T | undefined;
  entity<T>(name: string, find: (id: string) => T | undefined, isRequired = false): T | undefined {
    const id = isRequired ? this.required(name) : this.optional(name);
    if (id === undefined) return undefined;
    const found = find(id);
    if (found === undefined) throw ApiError.invalidParameterValue(this.command, name, id);
    return found;
  }
}
