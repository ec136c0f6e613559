import type { CallerIdentity } from '../../protocol';
import { nameAfter, nextTokenAfter, pageSize } from './paging';
import { normalisePath, underPath } from './parameter-names';
import { collectPage, StoredParameter } from './parameter-records';
import { ParameterStore } from './parameter-store';
import { parameterView } from './parameter-view';
import { isPublicName } from './public-parameters';
import { parameterFilters, ParameterStringFilter, requiredString, SsmInput } from './request-fields';
import { SsmError } from './ssm-error';

/**
 * GetParametersByPath: the parameters one level under Path (or every level with Recursive), in name order, 10 a
 * page at most. Filters: Type and KeyId (Option Equals); Label matches nothing (this store has no labels). Under
 * `/aws/` it lists the public parameters the operator published by name (patterns cannot be listed).
 */
export async function getParametersByPath(
  store: ParameterStore,
  input: SsmInput,
  caller: CallerIdentity,
): Promise<Record<string, unknown>> {
  const path = normalisePath(requiredString(input, 'Path'));
  const recursive = input.Recursive === true;
  const limit = pageSize(input.MaxResults, 10);
  const keep = filterOf(parameterFilters(input));
  const scope = `by-path ${path} ${recursive}`;
  const after = nameAfter(input.NextToken, scope);
  const withDecryption = input.WithDecryption === true;
  if (isPublicName(path)) {
    const listed = store.publicParameters
      .listed()
      .filter(
        (published) => underPath(published.name, path, recursive) && (after === undefined || published.name > after),
      )
      .map((published) => ({
        accountId: '',
        name: published.name,
        version: 1,
        type: 'String' as const,
        value: published.value,
        description: null,
        allowedPattern: null,
        dataType: 'text',
        keyId: null,
        lastModifiedUser: '',
        lastModifiedDate: new Date(0),
      }))
      .filter(keep);
    const page = listed.slice(0, limit);
    return answer(page, listed.length > limit ? page[page.length - 1].name : undefined);
  }
  const { page, continueAfter } = await collectPage(
    store.records,
    caller.accountId,
    { prefix: path === '/' ? '/' : path, after, limit },
    (parameter) => underPath(parameter.name, path, recursive) && keep(parameter),
  );
  return answer(page, continueAfter);

  function answer(page: StoredParameter[], continueAfter: string | undefined): Record<string, unknown> {
    return {
      Parameters: page.map((parameter) => parameterView(parameter, caller.region, withDecryption)),
      ...(continueAfter ? { NextToken: nextTokenAfter(continueAfter, scope) } : {}),
    };
  }
}

function filterOf(filters: ParameterStringFilter[]): (parameter: StoredParameter) => boolean {
  const checks = filters.map((filter) => {
    if ((filter.Option ?? 'Equals') !== 'Equals') {
      throw new SsmError(
        'InvalidFilterOption',
        `The filter option '${filter.Option}' is not valid for key '${filter.Key}'. Valid options: Equals.`,
      );
    }
    const values = filter.Values ?? [];
    switch (filter.Key) {
      case 'Type':
        return (parameter: StoredParameter) => values.includes(parameter.type);
      case 'KeyId':
        return (parameter: StoredParameter) => parameter.keyId !== null && values.includes(parameter.keyId);
      case 'Label':
        return () => false;
      default:
        throw new SsmError(
          'InvalidFilterKey',
          `The following filter key is not valid: ${filter.Key}. Valid filter keys include: [Type, KeyId, Label].`,
        );
    }
  });
  return (parameter) => checks.every((check) => check(parameter));
}
