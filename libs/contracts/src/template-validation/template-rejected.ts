import { defineContract, nonEmptyString, uuid } from '../message-contract';

/** A stack's template or parameters failed validation; the stack fails with this reason. */
export interface TemplateRejectedV1 {
  stackId: string;
  stackArn: string;
  stackName: string;
  accountId: string;
  region: string;
  reason: string;
}

export const TemplateRejected = defineContract<TemplateRejectedV1>('template.rejected.v1', {
  type: 'object',
  additionalProperties: false,
  required: ['stackId', 'stackArn', 'stackName', 'accountId', 'region', 'reason'],
  properties: {
    stackId: uuid,
    stackArn: nonEmptyString,
    stackName: nonEmptyString,
    accountId: nonEmptyString,
    region: nonEmptyString,
    reason: nonEmptyString,
  },
});
