import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The process tree of one running VM: `unshare` (in the VM's network namespace) forks the VM's PID 1, which runs
 * the boot script and then tini. The whole tree dies with the simulator (parent-death signal), and with unshare.
 */
export class GuestProcess {
  private readonly exit: Promise<void>;
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    this.exit = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exit.then(() => (this.exited = true));
  }

  static start(namespace: string, bootScript: string, consoleLog: string): GuestProcess {
    const console = openSync(consoleLog, 'a');
    try {
      const child = spawn(
        'setpriv',
        [
          '--pdeathsig',
          'KILL',
          '--',
          'ip',
          'netns',
          'exec',
          namespace,
          'unshare',
          '--mount',
          '--uts',
          '--pid',
          '--fork',
          '--kill-child',
          '--propagation',
          'private',
          '/bin/sh',
          bootScript,
        ],
        // Its own process group: a Ctrl-C meant for the simulator must not reach the VMs before their orderly stop.
        { detached: true, stdio: ['ignore', console, console] },
      );
      child.on('error', () => undefined);
      return new GuestProcess(child);
    } finally {
      closeSync(console);
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Waits until the console log, read from `offset`, shows `marker`; fails with the log's tail if the VM's init
   * ends first or the time runs out.
   */
  async waitForConsole(consoleLog: string, offset: number, marker: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = (await readFile(consoleLog, 'utf8')).slice(offset);
      if (text.includes(marker)) return;
      if (!this.running)
        throw new Error(`the VM's init ended during boot: ${text.trim().split('\n').slice(-5).join(' | ')}`);
      if (Date.now() > deadline)
        throw new Error(`the VM did not boot within ${timeoutMs} ms: ${text.trim().split('\n').slice(-5).join(' | ')}`);
      await sleep(25);
    }
  }

  /** SIGTERM to the VM's PID 1 (tini passes it to the guest init, which stops everything), SIGKILL after graceMs. */
  async stop(graceMs: number): Promise<void> {
    if (!this.running) return;
    const init = await this.guestInitPid();
    if (init) process.kill(init, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), init ? graceMs : 0)));
    const finished = await Promise.race([this.exit.then(() => true), graceOver]);
    clearTimeout(timer);
    if (!finished && this.running) {
      // unshare --kill-child takes the VM's PID 1 with it, and the kernel the rest of its PID namespace.
      this.child.kill('SIGKILL');
      await this.exit;
    }
  }

  private async guestInitPid(): Promise<number | undefined> {
    const pid = this.child.pid;
    if (!pid) return undefined;
    try {
      const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8'))
        .trim()
        .split(/\s+/)
        .filter(Boolean);
      return children.length > 0 ? Number(children[0]) : undefined;
    } catch {
      return undefined;
    }
  }
}

export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
