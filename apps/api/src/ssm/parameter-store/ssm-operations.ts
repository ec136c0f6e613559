import type { CallerIdentity } from '../../protocol';
import { deleteParameter, deleteParameters } from './delete-parameters.operation';
import { describeParameters } from './describe-parameters.operation';
import { getParameter } from './get-parameter.operation';
import { getParameters } from './get-parameters.operation';
import { getParametersByPath } from './get-parameters-by-path.operation';
import { ParameterStore } from './parameter-store';
import { putParameter } from './put-parameter.operation';
import type { SsmInput } from './request-fields';

export type SsmOperation = (
  store: ParameterStore,
  input: SsmInput,
  caller: CallerIdentity,
) => Promise<Record<string, unknown>>;

/** The Parameter Store operations the endpoint answers (X-Amz-Target AmazonSSM.<name>). */
export const SSM_OPERATIONS: Readonly<Record<string, SsmOperation>> = {
  PutParameter: putParameter,
  GetParameter: getParameter,
  GetParameters: getParameters,
  GetParametersByPath: getParametersByPath,
  DeleteParameter: deleteParameter,
  DeleteParameters: deleteParameters,
  DescribeParameters: describeParameters,
};
