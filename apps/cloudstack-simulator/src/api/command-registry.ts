import { CommandParameters } from './command-parameters';

/** Executes one API command and returns what goes inside `<command>response`. */
export type CommandHandler = (params: CommandParameters) => unknown;

/** A family of commands over one kind of object (catalogue, virtual machines, jobs, ...). */
export interface CommandFamily {
  readonly handlers: Record<string, CommandHandler>;
}

export const COMMAND_REGISTRY = Symbol('COMMAND_REGISTRY');

/** Command names are case-sensitive, as in CloudStack's API name to command class map. */
export class CommandRegistry {
  private readonly handlers = new Map<string, CommandHandler>();

  constructor(families: CommandFamily[]) {
    for (const family of families) {
      for (const [name, handler] of Object.entries(family.handlers)) {
        if (this.handlers.has(name)) throw new Error(`command ${name} registered twice`);
        this.handlers.set(name, handler);
      }
    }
  }

  find(command: string): CommandHandler | undefined {
    return this.handlers.get(command);
  }

  names(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
