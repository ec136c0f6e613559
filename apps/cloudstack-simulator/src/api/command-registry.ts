import { CommandParameters } from './command-parameters';

/** Executes one API command and returns what goes inside `<command>response`. */
export type CommandHandler = (params: CommandParameters) => unknown;

/** A family of commands over one kind of object (catalogue, virtual machines, jobs, ...). */
export interface CommandFamily {
  readonly handlers: Record<string, CommandHandler>;
  /** The handlers that answer with a job id (CloudStack's BaseAsyncCmd). */
  readonly asyncCommands?: readonly string[];
}

export const COMMAND_REGISTRY = Symbol('COMMAND_REGISTRY');

/** Command names are case-sensitive, as in CloudStack's API name to command class map. */
export class CommandRegistry {
  private readonly handlers = new Map<string, CommandHandler>();
  private readonly asyncCommands = new Set<string>();

  constructor(families: CommandFamily[]) {
    for (const family of families) {
      for (const [name, handler] of Object.entries(family.handlers)) {
        if (this.handlers.has(name)) throw new Error(`command ${name} registered twice`);
        this.handlers.set(name, handler);
      }
      for (const name of family.asyncCommands ?? []) {
        if (!this.handlers.has(name)) throw new Error(`async command ${name} has no handler`);
        this.asyncCommands.add(name);
      }
    }
  }

  find(command: string): CommandHandler | undefined {
    return this.handlers.get(command);
  }

  isAsync(command: string): boolean {
    return this.asyncCommands.has(command);
  }

  names(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
