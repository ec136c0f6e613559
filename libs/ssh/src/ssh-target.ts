import { HostKeyPolicy, HostKeyRef } from './host-key';

/** One host to reach over SSH, with the key to log in and how its host key is checked. */
export interface SshTarget {
  address: string;
  port: number;
  user: string;
  /** OpenSSH or PEM private key text (the stack's derived key). */
  privateKey: string;
  hostKeyRef: HostKeyRef;
  hostKeyPolicy: HostKeyPolicy;
}

export function describeTarget(target: Pick<SshTarget, 'user' | 'address' | 'port'>): string {
  return `${target.user}@${target.address}:${target.port}`;
}
