import { shellQuote } from '@cfn/ssh';

export interface FileAttributes {
  mode?: string | number;
  owner?: string | number;
  group?: string | number;
}

export const fileAttributeSchema = {
  mode: { type: ['string', 'integer'] },
  owner: { type: ['string', 'integer'] },
  group: { type: ['string', 'integer'] },
};

/**
 * A mode as chmod takes it, from Ansible's "0644" / 644 or cfn-init's "000644" (cfn-init's first two digits are the
 * file type: 12 marks a symbolic link). Numbers are read as octal digits, as YAML 1.2 and JSON hand "0644" over as 644.
 */
export function normaliseMode(mode: string | number): string {
  const text = String(mode).trim();
  if (!/^[0-7]{1,6}$/.test(text)) throw new Error(`mode "${mode}" is not an octal mode such as 0644`);
  const permissions = text.length === 6 ? text.slice(2) : text;
  return (parseInt(permissions, 8) & 0o7777).toString(8);
}

const nameOrId = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/;

function principal(value: string | number, what: string): string {
  const text = String(value);
  if (!nameOrId.test(text)) throw new Error(`${what} "${text}" is not a valid name or id`);
  return text;
}

/** Probe lines comparing an existing path's mode, owner and group; `$p` holds the path. */
export function probeAttributes(attributes: FileAttributes, options: { link?: boolean } = {}): string {
  const lines: string[] = [];
  const stat = options.link ? 'stat' : 'stat -L';
  if (attributes.mode !== undefined && !options.link) {
    const mode = normaliseMode(attributes.mode);
    lines.push(`m=$(${stat} -c %a "$p"); [ "$m" = ${mode} ] || { change "mode of $p: $m -> ${mode}"; fix_mode=1; }`);
  }
  if (attributes.owner !== undefined) {
    const owner = shellQuote(principal(attributes.owner, 'owner'));
    lines.push(
      `u=$(${stat} -c %u "$p"); [ "$u" = "$(cfn_uid ${owner})" ] || { change "owner of $p: $(${stat} -c %U "$p") -> "${owner}; fix_owner=1; }`,
    );
  }
  if (attributes.group !== undefined) {
    const group = shellQuote(principal(attributes.group, 'group'));
    lines.push(
      `g=$(${stat} -c %g "$p"); [ "$g" = "$(cfn_gid ${group})" ] || { change "group of $p: $(${stat} -c %G "$p") -> "${group}; fix_group=1; }`,
    );
  }
  return lines.length
    ? `if [ -e "$p" ] || [ -L "$p" ]; then\n${lines.join('\n')}\nelse fix_mode=1; fix_owner=1; fix_group=1; fi`
    : '';
}

/** Apply lines for whatever the probe found different (or for a path that did not exist). */
export function applyAttributes(attributes: FileAttributes, options: { link?: boolean } = {}): string {
  const lines: string[] = [];
  if (attributes.mode !== undefined && !options.link)
    lines.push(`if [ "\${fix_mode:-0}" = 1 ]; then chmod ${normaliseMode(attributes.mode)} "$p"; fi`);
  const h = options.link ? '-h ' : '';
  if (attributes.owner !== undefined)
    lines.push(
      `if [ "\${fix_owner:-0}" = 1 ]; then chown ${h}${shellQuote(principal(attributes.owner, 'owner'))} "$p"; fi`,
    );
  if (attributes.group !== undefined)
    lines.push(
      `if [ "\${fix_group:-0}" = 1 ]; then chgrp ${h}${shellQuote(principal(attributes.group, 'group'))} "$p"; fi`,
    );
  return lines.join('\n');
}
