import { DynamicModule, Module } from '@nestjs/common';

import { CLOUD_API_CONTROLLERS, CLOUD_API_PROVIDERS } from './api/cloud-api.providers';
import { SimulatorCatalogue } from './catalogue/simulator-catalogue';
import { GUEST_SUBNET, parseGuestSubnet } from './network/guest-subnet';
import { SIMULATOR_OPTIONS, SimulatorOptions } from './simulator-options';
import { SimulatorState } from './state/simulator-state';
import { NamespaceVirtualMachineHost } from './vm/real/namespace-virtual-machine-host';
import { REAL_VM_MODE, RealVmMode } from './vm/real/real-vm-mode';
import { RecordOnlyVirtualMachineHost, VIRTUAL_MACHINE_HOST } from './vm/virtual-machine-host';
import { VirtualMachineLifecycle } from './vm/virtual-machine-lifecycle';

@Module({})
export class SimulatorModule {
  static forRoot(
    options: SimulatorOptions,
    realVms: RealVmMode = { enabled: false, reason: 'not requested' },
  ): DynamicModule {
    return {
      module: SimulatorModule,
      controllers: CLOUD_API_CONTROLLERS,
      providers: [
        { provide: SIMULATOR_OPTIONS, useValue: options },
        { provide: GUEST_SUBNET, useValue: parseGuestSubnet(options.guestCidr) },
        { provide: REAL_VM_MODE, useValue: realVms },
        {
          provide: VIRTUAL_MACHINE_HOST,
          useClass: realVms.enabled ? NamespaceVirtualMachineHost : RecordOnlyVirtualMachineHost,
        },
        SimulatorCatalogue,
        SimulatorState,
        VirtualMachineLifecycle,
        ...CLOUD_API_PROVIDERS,
      ],
    };
  }
}
