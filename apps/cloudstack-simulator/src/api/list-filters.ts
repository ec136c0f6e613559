import { SimulatorState } from '../state/simulator-state';
import { CommandParameters } from './command-parameters';

/**
 * `tags[N].key` / `tags[N].value` as CloudStack's list commands read them: a resource matches when it carries ANY
 * of the given pairs (the SQL ORs them); a pair without a value matches on the key alone.
 */
export function tagFilter(p: CommandParameters, state: SimulatorState): (resourceid: string) => boolean {
  const wanted = p.map('tags').filter((pair) => pair.key !== undefined);
  if (wanted.length === 0) return () => true;
  return (resourceid) => {
    const tags = state.tagsOf(resourceid);
    return wanted.some((pair) =>
      tags.some((tag) => tag.key === pair.key && (pair.value === undefined || tag.value === pair.value)),
    );
  };
}

/** `keyword`: a case-insensitive substring of any of the given fields. */
export function keywordFilter(p: CommandParameters): (...fields: (string | undefined)[]) => boolean {
  const keyword = p.optional('keyword')?.toLowerCase();
  return (...fields) => !keyword || fields.some((field) => field?.toLowerCase().includes(keyword));
}

/** An optional exact-match filter: passes everything when the parameter is absent. */
export function equalsParam(p: CommandParameters, name: string): (value: string | undefined) => boolean {
  const wanted = p.optional(name);
  return (value) => wanted === undefined || value === wanted;
}
