import { parseCloudStackDate } from '@cfn/cloudstack';

import { AccountRecord, UserRecord } from '../state/records';
import { ApiError } from './api-error';

/** The parameters of one API call, looked up by lowercase name as CloudStack's @Parameter annotations are. */
export class CommandParameters {
  private readonly values = new Map<string, string>();

  constructor(
    readonly command: string,
    raw: Record<string, string>,
    /** The authenticated account making the call. */
    readonly caller: AccountRecord,
    /** GET or POST: CloudStack allows more userdata over POST. */
    readonly method: string = 'GET',
    /** The user whose keys signed the call (one of the caller account's users). */
    readonly callerUser?: UserRecord,
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

  /** A boolean with a default when the parameter is absent. */
  flag(name: string, whenAbsent: boolean): boolean {
    return this.optional(name) === undefined ? whenAbsent : this.boolean(name);
  }

  integer(name: string): number | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value.trim())) throw ApiError.invalidParameterValue(this.command, name, value);
    return Number(value);
  }

  requiredInteger(name: string): number {
    this.required(name);
    return this.integer(name)!;
  }

  /**
   * A CommandType.DATE parameter: `yyyy-MM-dd'T'HH:mm:ssZ`, or `yyyy-MM-dd` / `yyyy-MM-dd HH:mm:ss` (read as UTC,
   * the simulator's only time zone).
   */
  date(name: string): Date | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    const plain = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?$/.exec(value.trim());
    const date = plain ? new Date(`${plain[1]}T${plain[2] ?? '00:00:00'}Z`) : parseCloudStackDate(value);
    if (!date || Number.isNaN(date.getTime())) throw ApiError.invalidParameterValue(this.command, name, value);
    return date;
  }

  /** A CommandType.LIST parameter: comma-separated values. */
  list(name: string): string[] | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  /**
   * A CommandType.MAP parameter such as `tags[0].key=a&tags[0].value=b&tags[1].key=c`: one object per index, in
   * index order, with the sub-keys lowercased.
   */
  map(name: string): Record<string, string>[] {
    const entries = new Map<number, Record<string, string>>();
    const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[(\\d+)\\]\\.(.+)$`);
    for (const [key, value] of this.values) {
      const match = pattern.exec(key);
      if (!match) continue;
      const index = Number(match[1]);
      const entry = entries.get(index) ?? {};
      entry[match[2]] = value;
      entries.set(index, entry);
    }
    return [...entries.keys()].sort((a, b) => a - b).map((index) => entries.get(index)!);
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

  /** A list of uuids that must each name an existing entity. */
  entities<T>(name: string, find: (id: string) => T | undefined): T[] | undefined {
    return this.list(name)?.map((id) => {
      const found = find(id);
      if (found === undefined) throw ApiError.invalidParameterValue(this.command, name, id);
      return found;
    });
  }
}
