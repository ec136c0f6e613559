import { defineContract, isoTimestamp, nonEmptyString, uuid } from '../message-contract';

export type TaskResultV1 = 'ok' | 'changed' | 'failed' | 'skipped';

/** One task finished on one host: for stack events (the planner or api turns it into a resource event). */
export interface ResourceConfigureProgressV1 {
  operationId: string;
  stackId: string;
  logicalId: string;
  /** The address the task ran on. */
  host: string;
  /** The task's name, secrets masked. */
  task: string;
  result: TaskResultV1;
  /** 1-based position of the task in the run; the full output is stored under (operationId, seq). */
  seq: number;
  at: string;
}

export const ResourceConfigureProgress = defineContract<ResourceConfigureProgressV1>('resource.configure.progress.v1', {
  type: 'object',
  additionalProperties: false,
  required: ['operationId', 'stackId', 'logicalId', 'host', 'task', 'result', 'seq', 'at'],
  properties: {
    operationId: uuid,
    stackId: uuid,
    logicalId: nonEmptyString,
    host: nonEmptyString,
    task: nonEmptyString,
    result: { enum: ['ok', 'changed', 'failed', 'skipped'] },
    seq: { type: 'integer', minimum: 1 },
    at: isoTimestamp,
  },
});
