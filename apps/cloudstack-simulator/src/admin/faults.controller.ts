import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';

import { FaultInjector } from '../faults/fault-injector';
import { InvalidFaultsError } from '../faults/simulator-faults';

/**
 * `/simulator/faults`: read or replace the faults in force (the same JSON document as SIM_FAULTS). Replacing resets
 * the counters, so "the 3rd deploy" counts from the change.
 */
@Controller('simulator/faults')
export class FaultsController {
  constructor(private readonly faults: FaultInjector) {}

  @Get()
  show() {
    return { faults: this.faults.current(), counters: this.faults.counters() };
  }

  @Put()
  @HttpCode(200)
  replace(@Body() body: unknown) {
    try {
      this.faults.replace(body ?? {});
    } catch (err) {
      if (err instanceof InvalidFaultsError) throw new BadRequestException(err.message);
      throw err;
    }
    return this.show();
  }

  @Delete()
  clear() {
    this.faults.replace({});
    return this.show();
  }
}
