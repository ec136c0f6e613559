import { createHash } from 'node:crypto';

/**
 * The KeyPairId of a key pair a stack makes, in AWS's shape (`key-` and 17 hex digits). CloudStack's key pairs have
 * no id of their own, so it is derived from the stack id and logical id: the same on every retry, and the name of
 * the parameter (/ec2/keypair/<KeyPairId>) its private key is fetched by. Migration 1765300000000 computes the same
 * value in SQL (SHA2) for rows stored before it.
 */
export function keyPairIdFor(stackId: string, logicalId: string): string {
  return `key-${createHash('sha256').update(`${stackId}/${logicalId}`, 'utf8').digest('hex').slice(0, 17)}`;
}
