import { Controller, Get, Inject } from '@nestjs/common';

import { SimulatorState } from '../state/simulator-state';
import { UserVmView } from '../views/user-vm.view';
import { REAL_VM_MODE, RealVmMode } from '../vm/real/real-vm-mode';

/** Operator endpoints outside the CloudStack API: liveness and a debug view of the simulated cloud. */
@Controller('simulator')
export class SimulatorAdminController {
  constructor(
    private readonly state: SimulatorState,
    private readonly view: UserVmView,
    @Inject(REAL_VM_MODE) private readonly realVms: RealVmMode,
  ) {}

  @Get('health')
  health() {
    // Whether VMs are real hosts (SSH, configuration) or records only: clients such as the demo choose by it.
    return { status: 'ok', realVms: this.realVms };
  }

  @Get('state')
  dump() {
    return {
      virtualmachines: this.state.liveVirtualMachines().map((vm) => ({
        ...this.view.toResponse(vm),
        // Userdata may carry secrets: say that it is there, not what it is.
        userdatalength: vm.userdata?.length ?? 0,
      })),
      asyncjobs: {
        total: this.state.jobs.size,
        pending: [...this.state.jobs.values()].filter((j) => j.jobstatus === 0).length,
      },
    };
  }
}
