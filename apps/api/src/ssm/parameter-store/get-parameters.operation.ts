import type { CallerIdentity } from '../../protocol';
import { ParameterStore } from './parameter-store';
import { parameterView } from './parameter-view';
import { nameList, SsmInput } from './request-fields';
import { SsmError } from './ssm-error';

/** GetParameters: up to 10 names; those not found (or of a version that does not exist) are InvalidParameters. */
export async function getParameters(
  store: ParameterStore,
  input: SsmInput,
  caller: CallerIdentity,
): Promise<Record<string, unknown>> {
  const names = nameList(input, 'Names', 10);
  const parameters: Array<Record<string, unknown>> = [];
  const invalid: string[] = [];
  for (const name of [...new Set(names)]) {
    const found = await store.read(caller.accountId, name).catch((error) => {
      if (error instanceof SsmError && error.code === 'ParameterVersionNotFound') return undefined;
      throw error;
    });
    if (found)
      parameters.push(parameterView(found.parameter, caller.region, input.WithDecryption === true, found.selector));
    else invalid.push(name);
  }
  return { Parameters: parameters, InvalidParameters: invalid };
}
