import { CommandRunner, endOf } from '@cfn/ssh';

import { ModuleRegistry } from './modules/module-registry';
import { ModuleContext, ModuleOutcome, ModuleResult } from './modules/task-module';
import { readRoleFile } from './playbook/role-loader';
import { Play, TaskDefinition } from './playbook/task-definition';
import { SecretMasker } from './secret-masker';
import { TemplateRenderer, TemplateVariables } from './templating/template-renderer';

/** One task's result on one host, as stored and announced (secrets already masked). */
export interface TaskReport {
  seq: number;
  name: string;
  module: string;
  result: ModuleResult;
  output: string;
  message: string | null;
  startedAt: Date;
  finishedAt: Date;
}

export interface PlayReporter {
  taskFinished(report: TaskReport): Promise<void>;
}

export interface RunSummary {
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
  /** The task that stopped the run (not one whose failure was ignored). */
  failure: { task: string; message: string; outputTail: string } | null;
}

export interface PlayRunOptions {
  runner: CommandRunner;
  check: boolean;
  /** Epoch ms by which everything must be done. */
  deadline: number;
  taskTimeoutMs: number;
  variables: TemplateVariables;
  masker: SecretMasker;
  reporter: PlayReporter;
  /** Stored output per task is cut to this many characters (head and tail kept). */
  outputLimit: number;
}

export interface PlayRunnerDependencies {
  modules: ModuleRegistry;
  renderer: TemplateRenderer;
  download(url: string): Promise<Buffer>;
}

interface TaskRun {
  result: ModuleResult;
  output: string;
  message: string | null;
  registered: Record<string, unknown>;
}

/**
 * Runs a play on one host the way Ansible runs it: tasks in order, `when` per item, loops, `register`,
 * changed_when / failed_when, ignore_errors, and the notified handlers once at the end. The first failure that is
 * not ignored stops the run (handlers do not run then).
 */
export class PlayRunner {
  constructor(private readonly deps: PlayRunnerDependencies) {}

  async run(play: Play, options: PlayRunOptions): Promise<RunSummary> {
    const summary: RunSummary = { ok: 0, changed: 0, failed: 0, skipped: 0, failure: null };
    const registered: Record<string, unknown> = {};
    const notified = new Set<string>();
    let seq = 0;
    const runOne = async (task: TaskDefinition): Promise<boolean> => {
      const startedAt = new Date();
      const variables = { ...play.vars, ...task.origin.vars, ...task.vars, ...options.variables, ...registered };
      const name = options.masker.mask(this.safeRender(task.name, variables, task.literal));
      const run = await this.runTask(task, variables, options);
      if (task.register) registered[task.register] = run.registered;
      summary[run.result]++;
      if (run.result === 'changed') for (const topic of task.notify) notified.add(topic);
      const output = task.noLog
        ? '(output hidden: no_log)'
        : limit(options.masker.mask(run.output), options.outputLimit);
      const message =
        run.message === null ? null : task.noLog ? 'failed (details hidden: no_log)' : options.masker.mask(run.message);
      await options.reporter.taskFinished({
        seq: ++seq,
        name,
        module: task.module,
        result: run.result,
        output,
        message,
        startedAt,
        finishedAt: new Date(),
      });
      if (run.result === 'failed' && !task.ignoreErrors) {
        summary.failure = {
          task: name,
          message: message ?? 'failed',
          outputTail: task.noLog ? '' : endOf(options.masker.mask(run.output), 1500),
        };
        return false;
      }
      return true;
    };
    for (const task of play.tasks) if (!(await runOne(task))) return summary;
    for (const handler of play.handlers) {
      if (![handler.name, ...handler.listen].some((topic) => notified.has(topic))) continue;
      if (!(await runOne(handler))) return summary;
    }
    return summary;
  }

  private async runTask(task: TaskDefinition, variables: TemplateVariables, options: PlayRunOptions): Promise<TaskRun> {
    let items: unknown[] | null = null;
    try {
      if (task.loop !== undefined) {
        const loop = task.literal ? task.loop : this.deps.renderer.renderValue(task.loop, variables);
        if (!Array.isArray(loop)) return failed(`loop must be a list, got ${JSON.stringify(loop)}`);
        items = loop;
      }
    } catch (error) {
      return failed((error as Error).message);
    }
    if (items === null) return this.runItem(task, variables, options);
    const runs: TaskRun[] = [];
    for (const item of items) {
      const run = await this.runItem(task, { ...variables, [task.loopVar]: item }, options);
      runs.push({ ...run, output: run.output ? `[${task.loopVar}=${JSON.stringify(item)}]\n${run.output}` : '' });
      if (run.result === 'failed') break;
    }
    const result: ModuleResult = runs.some((run) => run.result === 'failed')
      ? 'failed'
      : runs.some((run) => run.result === 'changed')
        ? 'changed'
        : runs.length > 0 && runs.every((run) => run.result === 'skipped')
          ? 'skipped'
          : runs.length === 0
            ? 'skipped'
            : 'ok';
    return {
      result,
      output: runs
        .map((run) => run.output)
        .filter(Boolean)
        .join('\n'),
      message: runs.find((run) => run.result === 'failed')?.message ?? null,
      registered: {
        changed: result === 'changed',
        failed: result === 'failed',
        skipped: result === 'skipped',
        results: runs.map((run) => run.registered),
      },
    };
  }

  private async runItem(task: TaskDefinition, variables: TemplateVariables, options: PlayRunOptions): Promise<TaskRun> {
    const { renderer } = this.deps;
    let outcome: ModuleOutcome;
    try {
      if (!renderer.condition(task.when, variables)) {
        return {
          result: 'skipped',
          output: '',
          message: null,
          registered: { changed: false, failed: false, skipped: true },
        };
      }
      const remainingMs = options.deadline - Date.now();
      if (remainingMs <= 0) return failed('the configuration ran out of time before this task');
      const timeoutMs = Math.min(task.timeoutSeconds ? task.timeoutSeconds * 1000 : options.taskTimeoutMs, remainingMs);
      const { module, args } = this.deps.modules.resolve(
        task.module,
        task.literal ? task.args : renderer.renderValue(task.args, variables),
      );
      const ctx: ModuleContext = {
        runner: options.runner,
        check: task.checkMode ?? options.check,
        timeoutMs,
        roleFile: (kind, path) => readRoleFile(task.origin.roleDir, kind, path),
        renderTemplate: (text) => renderer.render(text, variables),
        download: (url) => this.deps.download(url),
      };
      outcome = await module.run(args, ctx);
    } catch (error) {
      return failed((error as Error).message);
    }
    let result = outcome.result;
    const registered: Record<string, unknown> = {
      ...outcome.values,
      changed: result === 'changed',
      failed: result === 'failed',
      skipped: result === 'skipped',
      msg: outcome.message ?? '',
    };
    try {
      const withResult = { ...variables, [task.register ?? 'result']: registered };
      if (task.failedWhen !== undefined)
        result = renderer.condition(task.failedWhen, withResult) ? 'failed' : result === 'failed' ? 'ok' : result;
      if (task.changedWhen !== undefined && result !== 'failed' && result !== 'skipped') {
        result = renderer.condition(task.changedWhen, withResult) ? 'changed' : 'ok';
      }
    } catch (error) {
      return { ...failed((error as Error).message), output: outcome.output };
    }
    registered.changed = result === 'changed';
    registered.failed = result === 'failed';
    const message =
      result === 'failed' ? (outcome.message ?? 'failed_when condition is true') : (outcome.message ?? null);
    return { result, output: outcome.output, message, registered };
  }

  private safeRender(text: string, variables: TemplateVariables, literal: boolean): string {
    if (literal) return text;
    try {
      return this.deps.renderer.render(text, variables);
    } catch {
      return text;
    }
  }
}

function failed(message: string): TaskRun {
  return {
    result: 'failed',
    output: '',
    message,
    registered: { changed: false, failed: true, skipped: false, msg: message },
  };
}

function limit(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = Math.floor(maxChars / 2);
  return `${text.slice(0, half)}\n[... ${text.length - maxChars} characters omitted ...]\n${text.slice(text.length - half)}`;
}
