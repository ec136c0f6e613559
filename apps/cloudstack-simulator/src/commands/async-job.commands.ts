import { Injectable } from '@nestjs/common';

import { AccessControl } from '../api/access-control';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { listResponse } from '../api/list-response';
import { AsyncJobService } from '../jobs/async-job.service';

@Injectable()
export class AsyncJobCommands implements CommandFamily {
  readonly handlers = {
    queryAsyncJobResult: (p: CommandParameters) => {
      const job = this.access.owned(p, 'jobid', (id) => this.jobs.find(id), 'AsyncJob');
      return this.jobs.toResponse(job);
    },
    listAsyncJobs: (p: CommandParameters) => {
      // As CloudStack's searchForAsyncJobs: created >= startdate (second precision, as jobs' dates are shown).
      const startMs = p.date('startdate')?.getTime();
      const jobs = this.jobs
        .all()
        .filter(this.access.listFilter(p))
        .filter((job) => startMs === undefined || Math.floor(job.created.getTime() / 1000) * 1000 >= startMs);
      return listResponse('asyncjobs', jobs, p, (job) => this.jobs.toResponse(job));
    },
  };

  constructor(
    private readonly jobs: AsyncJobService,
    private readonly access: AccessControl,
  ) {}
}
