import { Injectable } from '@nestjs/common';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { listResponse } from '../api/list-response';
import { AsyncJobService } from '../jobs/async-job.service';

@Injectable()
export class AsyncJobCommands implements CommandFamily {
  readonly handlers = {
    queryAsyncJobResult: (p: CommandParameters) => {
      const job = p.entity('jobid', (id) => this.jobs.find(id), true);
      return this.jobs.toResponse(job);
    },
    listAsyncJobs: (p: CommandParameters) => {
      const jobs = this.jobs.all().map((job) => this.jobs.toResponse(job));
      return listResponse('asyncjobs', jobs, p);
    },
  };

  constructor(private readonly jobs: AsyncJobService) {}
}
