import { execSync } from 'node:child_process';

import { buildRemoteCommand } from './remote-command';

describe('buildRemoteCommand', () => {
  it('runs the script under sh -c with its quoting intact', () => {
    const command = buildRemoteCommand(`printf '%s' "it's" && echo " $((1+2))"`);
    expect(execSync(command, { shell: '/bin/sh' }).toString()).toBe("it's 3\n");
  });

  it('prefixes sudo -n for a non-root login', () => {
    expect(buildRemoteCommand('id -u', { sudo: true })).toBe("sudo -n -H -- sh -c 'id -u'");
  });

  it('stops a command that outlives its time limit, on the host itself', () => {
    const started = Date.now();
    let status = 0;
    try {
      execSync(buildRemoteCommand('sleep 30', { timeoutSeconds: 1 }), { shell: '/bin/sh' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(124);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
