import { TaskModule } from './task-module';

/** Ansible's debug: prints a message (already rendered with the task's variables); changes nothing. */
export const debugModule: TaskModule<{ msg?: unknown; var?: string }> = {
  name: 'debug',
  argsSchema: { type: 'object', additionalProperties: false, properties: { msg: {}, var: { type: 'string' } } },
  async run(args) {
    const value = args.msg ?? 'Hello world!';
    return { result: 'ok', output: typeof value === 'string' ? value : JSON.stringify(value, null, 2) };
  },
};
