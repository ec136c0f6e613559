import type { CallerIdentity } from '../../protocol';
import { ParameterStore } from './parameter-store';
import { parameterView } from './parameter-view';
import { requiredString, SsmInput } from './request-fields';
import { parameterNotFound } from './ssm-error';

/** GetParameter: the latest version, or `name:version`. */
export async function getParameter(
  store: ParameterStore,
  input: SsmInput,
  caller: CallerIdentity,
): Promise<Record<string, unknown>> {
  const name = requiredString(input, 'Name');
  const found = await store.read(caller.accountId, name);
  if (!found) throw parameterNotFound();
  return { Parameter: parameterView(found.parameter, caller.region, input.WithDecryption === true, found.selector) };
}
