import { randomInt } from 'node:crypto';

const MAX_STACK_NAME_LENGTH = 128;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SUFFIX_LENGTH = 12;

/**
 * A nested stack's name as AWS makes it: `<parent>-<LogicalId>-<random suffix>` (upper-case letters and digits),
 * the first two parts shortened when the whole would pass AWS's 128 characters.
 */
export function nestedStackName(
  parentName: string,
  logicalId: string,
  random: (max: number) => number = randomInt,
): string {
  const suffix = Array.from({ length: SUFFIX_LENGTH }, () => SUFFIX_ALPHABET[random(SUFFIX_ALPHABET.length)]).join('');
  const room = MAX_STACK_NAME_LENGTH - SUFFIX_LENGTH - 2;
  let parent = parentName;
  let logical = logicalId;
  while (parent.length + logical.length > room) {
    if (parent.length >= logical.length) parent = parent.slice(0, -1);
    else logical = logical.slice(0, -1);
  }
  return `${parent}-${logical}-${suffix}`;
}

/** The child's ARN: the parent's partition, region and account, with the child's name and id. */
export function nestedStackArn(parentArn: string, name: string, id: string): string {
  return `${parentArn.slice(0, parentArn.indexOf(':stack/'))}:stack/${name}/${id}`;
}
