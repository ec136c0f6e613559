/**
 * YAML (1.1 and 1.2 alike) wants the continuation lines of a quoted scalar or of a flow collection (`[...]`, `{...}`)
 * in block context indented more than their key. PyYAML, and so cfn-lint and the templates written against them,
 * do not check it: `Key: "some\ntext"` with `text"` at the key's column (or less) is read as "some text". The `yaml`
 * package has no option for that, so a body it refuses is read again after this pass, which indents such
 * continuation lines up to the column where their scalar or collection opened. Leading white space of those lines
 * is folded away by YAML, so the values are those PyYAML reads; a plain scalar continued at its key's column is
 * still refused, as PyYAML and cfn-lint refuse it. Only lines are padded: line numbers of errors stay right.
 */
export function indentFlowContinuations(body: string): string {
  const lines = body.split('\n');
  let mode: 'block' | 'double' | 'single' | 'flow' = 'block';
  let depth = 0;
  let column = 0;
  let blockScalarIndent = -1;
  let previous = '';

  for (let index = 0; index < lines.length; index++) {
    let line = lines[index];
    const indentation = line.length - line.trimStart().length;
    if (mode === 'block') {
      if (blockScalarIndent >= 0) {
        if (line.trim() === '' || indentation > blockScalarIndent) continue;
        blockScalarIndent = -1;
      }
    } else if (line.trim() !== '' && indentation < column) {
      line = ' '.repeat(column) + line.trimStart();
      lines[index] = line;
    }
    const lineStart = mode === 'block';
    for (let at = 0; at < line.length; at++) {
      const char = line[at];
      if (mode === 'double') {
        if (char === '\\') at++;
        else if (char === '"') mode = depth > 0 ? 'flow' : 'block';
        if (mode !== 'double') previous = '"';
        continue;
      }
      if (mode === 'single') {
        if (char === "'" && line[at + 1] === "'") at++;
        else if (char === "'") {
          mode = depth > 0 ? 'flow' : 'block';
          previous = "'";
        }
        continue;
      }
      if (char === ' ' || char === '\t' || char === '\r') continue;
      if (char === '#' && (at === 0 || /\s/.test(line[at - 1]))) break;
      const atNodeStart =
        mode === 'flow'
          ? ['[', '{', ',', ':', ''].includes(previous) || /^[!&]/.test(previous)
          : (at === indentation && lineStart) || ['-', ':', '?', ''].includes(previous) || /^[!&]/.test(previous);
      if ((char === '"' || char === "'") && atNodeStart) {
        if (mode === 'block') column = at;
        mode = char === '"' ? 'double' : 'single';
        continue;
      }
      if ((char === '[' || char === '{') && (mode === 'flow' || atNodeStart)) {
        if (mode === 'block') column = at;
        mode = 'flow';
        depth++;
        previous = char;
        continue;
      }
      if (mode === 'flow' && (char === ']' || char === '}')) {
        depth--;
        if (depth === 0) mode = 'block';
        previous = char;
        continue;
      }
      if (
        mode === 'block' &&
        (char === '|' || char === '>') &&
        atNodeStart &&
        /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(at).trimEnd())
      ) {
        blockScalarIndent = indentation;
        break;
      }
      // A word: a tag or anchor (a node may follow it), an indicator, or part of a plain scalar.
      const word = /^\S+/.exec(line.slice(at))![0];
      if (/^[!&]/.test(word)) {
        previous = word;
        at += word.length - 1;
        continue;
      }
      if ((char === '-' || char === ':' || char === '?') && (line[at + 1] === undefined || /\s/.test(line[at + 1]))) {
        previous = char;
        continue;
      }
      if (mode === 'flow' && (char === ',' || char === ':')) {
        previous = char;
        continue;
      }
      previous = 'scalar';
      if (mode === 'flow') {
        // A `#` not after a space is part of the scalar (`{#Type: x}`): no match then, and one character is taken.
        const plain = /^[^,[\]{}#]*?(?=[,[\]{}]|:\s|\s#|$)/.exec(line.slice(at))?.[0] ?? '';
        at += Math.max(plain.length, 1) - 1;
      } else {
        const colon = /:(\s|$)|\s#/.exec(line.slice(at));
        if (!colon || colon[0].endsWith('#')) break;
        at += colon.index - 1;
      }
    }
    if (mode === 'block') previous = '';
  }
  return lines.join('\n');
}
