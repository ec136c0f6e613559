import { DynamicModule, Module } from '@nestjs/common';
import { SimulatorAdminController } from './admin/simulator-admin.controller';
import { CloudStackApiController } from './api/cloudstack-api.controller';
import { COMMAND_REGISTRY, CommandRegistry } from './api/command-registry';
import { RequestVerifier } from './api/request-verifier';
import { SimulatorCatalogue } from './catalogue/simulator-catalogue';
import { AsyncJobCommands } from './commands/async-job.commands';
import { CatalogueCommands } from './commands/catalogue.commands';
import { VirtualMachineCommands } from './commands/virtual-machine.commands';
import { AsyncJobService } from './jobs/async-job.service';
import { SIMULATOR_OPTIONS, SimulatorOptions } from './simulator-options';
import { SimulatorState } from './state/simulator-state';
import { RecordOnlyVirtualMachineHost, VIRTUAL_MACHINE_HOST } from './vm/virtual-machine-host';
import { VirtualMachineLifecycle } from './vm/virtual-machine-lifecycle';
import { VirtualMachineView } from './vm/virtual-machine.view';

const COMMAND_FAMILIES = [CatalogueCommands, VirtualMachineCommands, AsyncJobCommands];

@Module({})
export class SimulatorModule {
  static forRoot(options: SimulatorOptions): DynamicModule {
    return {
      module: SimulatorModule,
      controllers: [CloudStackApiController, SimulatorAdminController],
      providers: [
        { provide: SIMULATOR_OPTIONS, useValue: options },
        { provide: VIRTUAL_MACHINE_HOST, useClass: RecordOnlyVirtualMachineHost },
        SimulatorCatalogue,
        SimulatorState,
        RequestVerifier,
        AsyncJobService,
        VirtualMachineLifecycle,
        VirtualMachineView,
        ...COMMAND_FAMILIES,
        {
          provide: COMMAND_REGISTRY,
          useFactory: (...families: InstanceType<(typeof COMMAND_FAMILIES)[number]>[]) => new CommandRegistry(families),
          inject: COMMAND_FAMILIES,
        },
      ],
    };
  }
}
