/** Where a task came from: the role it belongs to (its files/ and templates/ are looked up there). */
export interface TaskOrigin {
  /** `cfn-init`, `tasks`, `handlers` or `role <name>`. */
  label: string;
  /** The role's directory, for `src` of copy and template. */
  roleDir?: string;
  /** Variables of the role (defaults/, vars/, parameters) that its tasks see. */
  vars?: Record<string, unknown>;
}

/** One task, normalised from the Ansible-style YAML or translated from AWS::CloudFormation::Init. */
export interface TaskDefinition {
  name: string;
  module: string;
  args: unknown;
  when?: unknown;
  loop?: unknown;
  loopVar: string;
  notify: string[];
  /** Handlers only: extra topics the handler answers to. */
  listen: string[];
  register?: string;
  changedWhen?: unknown;
  failedWhen?: unknown;
  ignoreErrors: boolean;
  /** Keep the task's output out of storage and events (Ansible's no_log). */
  noLog: boolean;
  timeoutSeconds?: number;
  /** Ansible's check_mode: false runs a (read-only) task for real even in a check run; true always checks. */
  checkMode?: boolean;
  vars: Record<string, unknown>;
  /** Arguments are used as written, never templated: cfn-init content is not Jinja2. */
  literal: boolean;
  origin: TaskOrigin;
}

export interface Play {
  tasks: TaskDefinition[];
  handlers: TaskDefinition[];
  /** Play-level variables (CloudStack::Configure `vars`) and every role's defaults. */
  vars: Record<string, unknown>;
}

export class PlaybookError extends Error {}
