import Ajv, { ValidateFunction } from 'ajv';

import { cfnFileModule } from './cfn-file.module';
import { cfnSourceModule } from './cfn-source.module';
import { commandModuleDefinition, shellModuleDefinition } from './command.module';
import { copyModule } from './copy.module';
import { debugModule } from './debug.module';
import { fileModule } from './file.module';
import { groupModule } from './group.module';
import { lineInFileModule } from './lineinfile.module';
import { aptModule, packageModule } from './package.module';
import { serviceModule } from './service.module';
import { TaskModule } from './task-module';
import { templateModule } from './template.module';
import { userModule } from './user.module';
import { waitForModule } from './wait-for.module';

export class ModuleArgumentError extends Error {}

/** Every task module by name, with its argument schema compiled once. */
export class ModuleRegistry {
  private readonly modules = new Map<string, { module: TaskModule; validate: ValidateFunction }>();
  private readonly ajv = new Ajv({ allErrors: true, strict: false });

  constructor(modules: TaskModule[]) {
    for (const module of modules)
      this.modules.set(module.name, { module, validate: this.ajv.compile(module.argsSchema) });
  }

  static default(): ModuleRegistry {
    return new ModuleRegistry([
      packageModule,
      aptModule,
      copyModule,
      templateModule,
      fileModule,
      lineInFileModule,
      commandModuleDefinition,
      shellModuleDefinition,
      serviceModule,
      waitForModule,
      userModule,
      groupModule,
      debugModule,
      cfnFileModule,
      cfnSourceModule,
    ]);
  }

  get names(): ReadonlySet<string> {
    return new Set(this.modules.keys());
  }

  /** The module and its arguments, normalised and checked against its schema. */
  resolve(name: string, rawArgs: unknown): { module: TaskModule; args: unknown } {
    const entry = this.modules.get(name);
    if (!entry) throw new ModuleArgumentError(`unknown module "${name}"`);
    const args = entry.module.normaliseArgs ? entry.module.normaliseArgs(rawArgs) : rawArgs;
    if (!entry.validate(args))
      throw new ModuleArgumentError(
        `invalid arguments for ${name}: ${this.ajv.errorsText(entry.validate.errors, { dataVar: 'args' })}`,
      );
    return { module: entry.module, args };
  }
}
