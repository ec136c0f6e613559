import type { CallerIdentity } from '../../protocol';
import { checkName } from './parameter-names';
import { ParameterStore } from './parameter-store';
import { nameList, requiredString, SsmInput } from './request-fields';
import { parameterNotFound } from './ssm-error';

/** DeleteParameter: every version of the account's parameter; one that does not exist is ParameterNotFound. */
export async function deleteParameter(
  store: ParameterStore,
  input: SsmInput,
  caller: CallerIdentity,
): Promise<Record<string, unknown>> {
  const name = requiredString(input, 'Name');
  checkName(name);
  if (!(await store.records.delete(caller.accountId, name))) throw parameterNotFound();
  return {};
}

/** DeleteParameters: up to 10 names; those that do not exist are InvalidParameters. */
export async function deleteParameters(
  store: ParameterStore,
  input: SsmInput,
  caller: CallerIdentity,
): Promise<Record<string, unknown>> {
  const names = nameList(input, 'Names', 10);
  const deleted: string[] = [];
  const invalid: string[] = [];
  for (const name of [...new Set(names)]) {
    checkName(name);
    ((await store.records.delete(caller.accountId, name)) ? deleted : invalid).push(name);
  }
  return { DeletedParameters: deleted, InvalidParameters: invalid };
}
