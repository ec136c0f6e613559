import { shellQuote } from './shell-quote';

export interface RemoteCommandOptions {
  /** Kill the command on the host after this many seconds (coreutils `timeout`, when the host has it). */
  timeoutSeconds?: number;
  /** Run as root through `sudo -n` (the login user is not root and has password-less sudo, as on cloud images). */
  sudo?: boolean;
}

/**
 * The command line sent over SSH for a shell script: the script runs under `sh -c`, optionally under a time limit
 * enforced on the host (closing an SSH channel does not kill a process without a terminal), optionally as root.
 */
export function buildRemoteCommand(script: string, options: RemoteCommandOptions = {}): string {
  let command = `sh -c ${shellQuote(script)}`;
  if (options.timeoutSeconds && options.timeoutSeconds > 0) {
    const seconds = Math.ceil(options.timeoutSeconds);
    // `timeout` exits 124 when it had to stop the command; without coreutils the client-side timer still applies.
    command = `if command -v timeout >/dev/null 2>&1; then exec timeout -k 5 ${seconds} ${command}; else exec ${command}; fi`;
    command = `sh -c ${shellQuote(command)}`;
  }
  return options.sudo ? `sudo -n -H -- ${command}` : command;
}
