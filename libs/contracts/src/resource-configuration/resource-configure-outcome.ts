import { defineContract, nonEmptyString, uuid } from '../message-contract';

/** How many task results of each kind a run produced (a looped task counts once). */
export interface ConfigureSummaryV1 {
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
}

interface ResourceConfigureOutcome {
  operationId: string;
  stackId: string;
  logicalId: string;
  /** True when the run was a check-mode run: `changed` counts what would have changed. */
  checkMode: boolean;
  summary: ConfigureSummaryV1;
}

export type ResourceConfigureSucceededV1 = ResourceConfigureOutcome;

export interface ResourceConfigureFailedV1 extends ResourceConfigureOutcome {
  /** The failed task, the host and the end of the task's output (secrets masked), or why the host was unreachable. */
  reason: string;
}

const count = { type: 'integer', minimum: 0 };
const outcomeProperties = {
  operationId: uuid,
  stackId: uuid,
  logicalId: nonEmptyString,
  checkMode: { type: 'boolean' },
  summary: {
    type: 'object',
    additionalProperties: false,
    required: ['ok', 'changed', 'failed', 'skipped'],
    properties: { ok: count, changed: count, failed: count, skipped: count },
  },
};
const outcomeRequired = Object.keys(outcomeProperties);

export const ResourceConfigureSucceeded = defineContract<ResourceConfigureSucceededV1>(
  'resource.configure.succeeded.v1',
  {
    type: 'object',
    additionalProperties: false,
    required: outcomeRequired,
    properties: outcomeProperties,
  },
);

export const ResourceConfigureFailed = defineContract<ResourceConfigureFailedV1>('resource.configure.failed.v1', {
  type: 'object',
  additionalProperties: false,
  required: [...outcomeRequired, 'reason'],
  properties: { ...outcomeProperties, reason: nonEmptyString },
});
