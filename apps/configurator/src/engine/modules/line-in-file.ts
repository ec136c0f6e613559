export interface LineInFileEdit {
  line?: string;
  regexp?: string;
  state?: 'present' | 'absent';
  /** `EOF` (default) or a regular expression: insert after its last match. */
  insertafter?: string;
  /** `BOF` or a regular expression: insert before its last match. */
  insertbefore?: string;
}

/**
 * Ansible's lineinfile on a file's text: the last line matching `regexp` is replaced by `line`; without a match,
 * `line` is added unless it is already there; `state: absent` removes every matching line.
 */
export function editLines(text: string, edit: LineInFileEdit): string {
  const endsWithNewline = text === '' || text.endsWith('\n');
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const regexp = edit.regexp !== undefined ? new RegExp(edit.regexp) : null;
  const matches = (candidate: string) => (regexp ? regexp.test(candidate) : candidate === edit.line);

  if ((edit.state ?? 'present') === 'absent') {
    const kept = lines.filter((candidate) => !matches(candidate));
    return kept.length === lines.length ? text : join(kept, endsWithNewline);
  }
  if (edit.line === undefined) throw new Error('lineinfile with state present needs line');
  const line = edit.line;
  const lastMatch = regexp ? lastIndex(lines, (candidate) => regexp.test(candidate)) : -1;
  if (lastMatch >= 0) {
    if (lines[lastMatch] === line) return text;
    const replaced = [...lines];
    replaced[lastMatch] = line;
    return join(replaced, endsWithNewline);
  }
  if (lines.includes(line)) return text;
  const position = insertionPoint(lines, edit);
  const inserted = [...lines.slice(0, position), line, ...lines.slice(position)];
  return join(inserted, true);
}

function insertionPoint(lines: string[], edit: LineInFileEdit): number {
  if (edit.insertbefore !== undefined) {
    if (edit.insertbefore === 'BOF') return 0;
    const pattern = new RegExp(edit.insertbefore);
    const found = lastIndex(lines, (candidate) => pattern.test(candidate));
    return found >= 0 ? found : lines.length;
  }
  if (edit.insertafter !== undefined && edit.insertafter !== 'EOF') {
    const pattern = new RegExp(edit.insertafter);
    const found = lastIndex(lines, (candidate) => pattern.test(candidate));
    return found >= 0 ? found + 1 : lines.length;
  }
  return lines.length;
}

function lastIndex(lines: string[], predicate: (line: string) => boolean): number {
  for (let index = lines.length - 1; index >= 0; index--) if (predicate(lines[index])) return index;
  return -1;
}

function join(lines: string[], trailingNewline: boolean): string {
  if (lines.length === 0) return '';
  return lines.join('\n') + (trailingNewline ? '\n' : '');
}
