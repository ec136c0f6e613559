import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

import { CommandParameters } from '../api/command-parameters';
import { COMMAND_REGISTRY, CommandFamily, CommandRegistry } from '../api/command-registry';
import { listResponse } from '../api/list-response';
import { isCommandAllowed } from '../state/roles';

/**
 * listApis (ApiDiscoveryService): what clients such as csclient's single-executor mode read to tell async commands;
 * only the commands the caller's role may call, as CloudStack filters them.
 */
@Injectable()
export class ApiDiscoveryCommands implements CommandFamily {
  readonly handlers = {
    listApis: (p: CommandParameters) => {
      // The registry is built from every family, this one included, so it is looked up when called.
      const registry = this.modules.get<CommandRegistry>(COMMAND_REGISTRY, { strict: false });
      const name = p.optional('name');
      const apis = registry
        .names()
        .filter((api) => (!name || api === name) && isCommandAllowed(p.caller.roletype, api))
        .map((api) => ({ name: api, isasync: registry.isAsync(api) }));
      return listResponse('api', apis, p);
    },
  };

  constructor(private readonly modules: ModuleRef) {}
}
