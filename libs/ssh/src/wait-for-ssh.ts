import { backoffDelay, sleep } from '@cfn/runtime';

import { HostKeyMismatchError, HostKeyStore, UnknownHostKeyError } from './host-key';
import { SshConnection } from './ssh-connection';
import { describeTarget, SshTarget } from './ssh-target';

export class SshUnreachableError extends Error {
  constructor(
    readonly target: string,
    readonly attempts: number,
    readonly lastError: string,
  ) {
    super(`SSH on ${target} did not answer in time (${attempts} attempts; last: ${lastError})`);
  }
}

export interface WaitForSshOptions {
  hostKeys: HostKeyStore;
  /** Epoch milliseconds after which waiting stops. */
  deadline: number;
  /** First and largest pause between attempts. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (attempt: number, error: Error) => void;
}

/**
 * Connects once SSH answers and accepts the key: a new VM refuses connections while it boots and refuses the key
 * until cloud-init installed it, so every failure is retried with back-off until the deadline — except a host key
 * that does not match, which no amount of waiting fixes.
 */
export async function waitForSsh(target: SshTarget, options: WaitForSshOptions): Promise<SshConnection> {
  let lastError: Error = new Error('no attempt made');
  for (let attempt = 0; ; attempt++) {
    const remaining = options.deadline - Date.now();
    if (remaining <= 0) throw new SshUnreachableError(describeTarget(target), attempt, lastError.message);
    try {
      return await SshConnection.open(target, {
        hostKeys: options.hostKeys,
        readyTimeoutMs: Math.max(1_000, Math.min(20_000, remaining)),
      });
    } catch (error) {
      if (error instanceof HostKeyMismatchError || error instanceof UnknownHostKeyError) throw error;
      lastError = error as Error;
      options.onRetry?.(attempt, lastError);
    }
    const pause = Math.min(
      backoffDelay(attempt, options.baseDelayMs ?? 250, options.maxDelayMs ?? 5_000),
      options.deadline - Date.now(),
    );
    if (pause > 0) await sleep(pause);
  }
}
