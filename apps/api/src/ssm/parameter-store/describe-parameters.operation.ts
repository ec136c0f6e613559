import type { CallerIdentity } from '../../protocol';
import { nameAfter, nextTokenAfter, pageSize } from './paging';
import { normalisePath, underPath } from './parameter-names';
import { collectPage, StoredParameter } from './parameter-records';
import { ParameterStore } from './parameter-store';
import { parameterMetadata } from './parameter-view';
import { parameterFilters, ParameterStringFilter, SsmInput } from './request-fields';
import { SsmError } from './ssm-error';

/**
 * DescribeParameters: the account's parameters (not the public ones, as on AWS), in name order, 50 a page at most.
 * ParameterFilters: Name (Equals, BeginsWith, Contains), Type, KeyId, DataType, Tier (Equals), Path (OneLevel,
 * Recursive); the older Filters (Name, Type, KeyId; values are prefixes for Name) too.
 */
export async function describeParameters(
  store: ParameterStore,
  input: SsmInput,
  caller: CallerIdentity,
): Promise<Record<string, unknown>> {
  const limit = pageSize(input.MaxResults, 50);
  const filters = [...parameterFilters(input), ...legacyFilters(input.Filters)];
  const keep = filterOf(filters);
  const scope = `describe ${JSON.stringify(filters)}`;
  const after = nameAfter(input.NextToken, scope);
  const { page, continueAfter } = await collectPage(store.records, caller.accountId, { after, limit }, keep);
  return {
    Parameters: page.map((parameter) => parameterMetadata(parameter, caller.region)),
    ...(continueAfter ? { NextToken: nextTokenAfter(continueAfter, scope) } : {}),
  };
}

function legacyFilters(filters: unknown): ParameterStringFilter[] {
  if (!Array.isArray(filters)) return [];
  return filters.map((filter: { Key?: string; Values?: string[] }) => ({
    Key: String(filter.Key),
    Option: filter.Key === 'Name' ? 'BeginsWith' : 'Equals',
    Values: filter.Values ?? [],
  }));
}

function filterOf(filters: ParameterStringFilter[]): (parameter: StoredParameter) => boolean {
  const checks = filters.map((filter): ((parameter: StoredParameter) => boolean) => {
    const values = filter.Values ?? [];
    const option = filter.Option ?? (filter.Key === 'Path' ? 'OneLevel' : 'Equals');
    const refuse = () =>
      new SsmError('InvalidFilterOption', `The filter option '${option}' is not valid for key '${filter.Key}'.`);
    const equals = (field: (parameter: StoredParameter) => string | null) => {
      if (option !== 'Equals') throw refuse();
      return (parameter: StoredParameter) => values.includes(field(parameter) ?? '');
    };
    switch (filter.Key) {
      case 'Name':
        if (option === 'Equals')
          return (parameter) => values.some((value) => parameter.name === value || parameter.name === `/${value}`);
        if (option === 'BeginsWith') return (parameter) => values.some((value) => parameter.name.startsWith(value));
        if (option === 'Contains') return (parameter) => values.some((value) => parameter.name.includes(value));
        throw refuse();
      case 'Path': {
        if (option !== 'OneLevel' && option !== 'Recursive') throw refuse();
        const paths = values.map(normalisePath);
        return (parameter) => paths.some((path) => underPath(parameter.name, path, option === 'Recursive'));
      }
      case 'Type':
        return equals((parameter) => parameter.type);
      case 'KeyId':
        return equals((parameter) => parameter.keyId);
      case 'DataType':
        return equals((parameter) => parameter.dataType);
      case 'Tier':
        return equals(() => 'Standard');
      case 'Label':
        return () => false;
      default:
        if (filter.Key.startsWith('tag:')) return () => false;
        throw new SsmError('InvalidFilterKey', `The following filter key is not valid: ${filter.Key}.`);
    }
  });
  return (parameter) => checks.every((check) => check(parameter));
}
