import { failureReason } from './failure-reason';

describe('failureReason', () => {
  it('names the task and the host and ends with the end of the output', () => {
    expect(
      failureReason(
        { task: 'build', message: 'non-zero exit status 2', outputTail: 'make: *** [all] Error 2' },
        '10.0.0.5',
      ),
    ).toBe(
      'Configuration task "build" failed on 10.0.0.5: non-zero exit status 2\n--- end of output ---\nmake: *** [all] Error 2',
    );
  });

  it('does not repeat output the message already holds, and stays short', () => {
    expect(failureReason({ task: 't', message: 'exit status 1: oops', outputTail: 'oops' }, 'h')).toBe(
      'Configuration task "t" failed on h: exit status 1: oops',
    );
    const long = failureReason({ task: 't', message: 'm', outputTail: `${'x'.repeat(5000)}THE END` }, 'h');
    expect(long.length).toBeLessThanOrEqual(2_000);
    expect(long.endsWith('THE END')).toBe(true);
  });
});
