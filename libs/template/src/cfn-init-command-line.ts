import { parse } from 'shell-quote';

/** One call of cfn-init found in a UserData script. */
export interface CfnInitInvocation {
  /** `-r/--resource`; null when absent, undefined when it is a shell expansion we cannot know. */
  resource: string | null | undefined;
  /** `-c/--configsets` split on commas (cfn-init's default is `default`); undefined when it is a shell expansion. */
  configSets: string[] | undefined;
}

/** Words that may stand before a command without being it. */
const PREFIXES = new Set([
  'sudo',
  'exec',
  'nohup',
  'time',
  'command',
  'env',
  '!',
  'if',
  'then',
  'else',
  'elif',
  'do',
  'while',
  'until',
  '{',
  '(',
]);

/**
 * The cfn-init calls of a shell script (UserData), read as the shell splits words: one per logical line (a
 * backslash-newline continues it), commands separated by `;`, `&&`, `||`, `|`, `&`. A word is unknown when it
 * contains a shell expansion (`$x`); CloudFormation's own `${...}` are evaluated before the script is read.
 */
export function cfnInitInvocations(script: string): CfnInitInvocation[] {
  const invocations: CfnInitInvocation[] = [];
  for (const line of script.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    if (!line.includes('cfn-init')) continue;
    let command: string[] = [];
    const flush = () => {
      const invocation = readInvocation(command);
      if (invocation) invocations.push(invocation);
      command = [];
    };
    for (const entry of parse(line, () => EXPANSION)) {
      if (typeof entry === 'string') command.push(entry);
      else if ('comment' in entry) break;
      else if (entry.op === 'glob') command.push(entry.pattern);
      else flush();
    }
    flush();
  }
  return invocations;
}

/** What a shell expansion becomes while reading: a character no literal word of a script has. */
const EXPANSION = '\u0000';

function readInvocation(words: string[]): CfnInitInvocation | null {
  let at = 0;
  while (at < words.length && (PREFIXES.has(words[at]) || /^[A-Za-z_]\w*=/.test(words[at]))) at++;
  const program = words[at];
  if (program === undefined || program.split('/').pop() !== 'cfn-init') return null;
  const invocation: CfnInitInvocation = { resource: null, configSets: ['default'] };
  const set = (option: string, value: string | undefined) => {
    const known = value === undefined || value.includes(EXPANSION) ? undefined : value;
    if (option === 'c' || option === 'configsets')
      invocation.configSets = known
        ?.split(',')
        .map((name) => name.trim())
        .filter(Boolean);
    else invocation.resource = known;
  };
  for (let i = at + 1; i < words.length; i++) {
    const long = /^--(configsets|resource)(?:=(.*))?$/s.exec(words[i]);
    const short = /^-v*([cr])(.*)$/s.exec(words[i]);
    if (long) set(long[1], long[2] !== undefined ? long[2] : words[++i]);
    else if (short) set(short[1], short[2] !== '' ? short[2] : words[++i]);
  }
  return invocation;
}

/**
 * The config sets a resource's UserData asks cfn-init for: the calls naming this resource (or no resource), in
 * order, each contributing its `-c/--configsets` list (or `default`). Calls whose sets or resource are shell
 * expansions are left out; undefined when no call remains (the configurator then runs cfn-init's default).
 */
export function userDataConfigSets(script: string, logicalId: string): string[] | undefined {
  const calls = cfnInitInvocations(script).filter(
    (call) => call.configSets !== undefined && (call.resource === null || call.resource === logicalId),
  );
  if (!calls.length) return undefined;
  return calls.flatMap((call) => call.configSets as string[]);
}

/** UserData as a script: CloudFormation's is base64 (Fn::Base64); a value that is not base64 is taken as it is. */
export function userDataScript(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    const decoded = Buffer.from(value, 'base64');
    if (decoded.toString('base64') === value) return decoded.toString('utf8');
  }
  return value;
}
