import { SsmError, validationError } from './ssm-error';

/** What SSM allows in a parameter name: letters, digits, `_ . - /`, at most 2048 characters, 15 levels. */
const NAME_CHARACTERS = /^[a-zA-Z0-9_.\-/]+$/;
const MAX_NAME_LENGTH = 2048;
const MAX_LEVELS = 15;

/** Checks a name a parameter is written under (PutParameter), in AWS's words. */
export function checkWritableName(name: string): void {
  checkName(name);
  const first = name.replace(/^\//, '').split('/')[0].toLowerCase();
  if (first.startsWith('aws') || first.startsWith('ssm')) {
    throw new SsmError(
      'ValidationException',
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). ' +
        'If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, ' +
        'numbers and the following 3 symbols .-_',
    );
  }
}

/** Checks any name given to read or delete a parameter. */
export function checkName(name: string): void {
  if (name.length > MAX_NAME_LENGTH) {
    throw validationError(
      `Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to ${MAX_NAME_LENGTH}`,
    );
  }
  if (
    !NAME_CHARACTERS.test(name) ||
    name.includes('//') ||
    (name.includes('/') && !name.startsWith('/')) ||
    name.endsWith('/')
  ) {
    throw new SsmError(
      'ValidationException',
      'Parameter name must be a fully qualified name (a hierarchy starts with "/"), ' +
        'and may contain only letters, numbers and the symbols .-_/',
    );
  }
  if (name.split('/').length - 1 > MAX_LEVELS) {
    throw new SsmError(
      'HierarchyLevelLimitExceededException',
      `A hierarchy can have a maximum of ${MAX_LEVELS} levels. Parameter name: ${name}`,
    );
  }
}

/** `name:3` names version 3 of `name`; `name:label` a label (which this store does not have). */
export interface ParameterSelector {
  name: string;
  version?: number;
  label?: string;
  selector?: string;
}

export function parseSelector(requested: string): ParameterSelector {
  const colon = requested.lastIndexOf(':');
  if (colon <= 0) return { name: requested };
  const name = requested.slice(0, colon);
  const selector = requested.slice(colon);
  const tail = requested.slice(colon + 1);
  if (/^[0-9]+$/.test(tail)) return { name, version: Number(tail), selector };
  return { name, label: tail, selector };
}

/** A path for GetParametersByPath: `/` or `/a/b` (a trailing slash is allowed). */
export function normalisePath(path: string): string {
  if (!path.startsWith('/') || (path !== '/' && !NAME_CHARACTERS.test(path)) || path.includes('//')) {
    throw new SsmError(
      'ValidationException',
      `The parameter path ${path} is not valid: it must start with "/" and contain only ` +
        'letters, numbers and the symbols .-_/',
    );
  }
  return path === '/' ? '/' : path.replace(/\/$/, '') + '/';
}

/** Whether `name` lies under `prefix` (a normalised path): one level below it, or (recursive) any depth. */
export function underPath(name: string, prefix: string, recursive: boolean): boolean {
  if (!name.startsWith(prefix) || name.length === prefix.length) return false;
  return recursive || !name.slice(prefix.length).includes('/');
}
