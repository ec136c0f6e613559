/** What one script run on a host produced. */
export interface CommandResult {
  /** null when the command was killed by a signal or the channel closed without a status. */
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** The time limit passed and the command was stopped. */
  timedOut: boolean;
  /** Output was longer than the cap and its middle was dropped. */
  truncated: boolean;
}

export interface ExecOptions {
  /** Stop the command after this long (on the host and on the client side). */
  timeoutMs?: number;
  /** Bytes written to the command's standard input (file contents travel this way). */
  stdin?: Buffer | string;
  /** Cap of captured stdout and of stderr, each. */
  maxOutputBytes?: number;
}

/** Runs shell scripts on one host as root (directly or through sudo). SSH in production; locally in tests. */
export interface CommandRunner {
  /** `user@address:port`, for messages. */
  readonly description: string;
  exec(script: string, options?: ExecOptions): Promise<CommandResult>;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024;
