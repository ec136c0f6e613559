import { Controller, Get } from '@nestjs/common';
import { SimulatorState } from '../state/simulator-state';
import { UserVmView } from '../views/user-vm.view';

/** Operator endpoints outside the CloudStack API: liveness and a debug view of the simulated cloud. */
@Controller('simulator')
export class SimulatorAdminController {
  constructor(
    private readonly state: SimulatorState,
    private readonly view: UserVmView,
  ) {}

  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Get('state')
  dump() {
    return {
      virtualmachines: this.state.liveVirtualMachines().map((vm) => ({
        ...this.view.toResponse(vm),
        // Userdata may carry secrets: say that it is there, not what it is.
        userdatalength: vm.userdata?.length ?? 0,
      })),
      asyncjobs: { total: this.state.jobs.size, pending: [...this.state.jobs.values()].filter((j) => j.jobstatus === 0).length },
    };
  }
}
