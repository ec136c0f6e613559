import { SimulatorOptions } from '../simulator-options';
import { FaultInjector } from './fault-injector';

describe('FaultInjector transient errors', () => {
  it('fails exactly the Nth calls of a command listed in `at`, counting from when the faults were set', () => {
    const faults = new FaultInjector({
      apiKey: 'k',
      secretKey: 's',
      faults: { transientErrors: { createTags: { rate: 0, at: [2] } } },
    } as unknown as SimulatorOptions);
    expect(['createTags', 'listZones', 'createTags', 'createTags'].map((c) => faults.transientFailure(c))).toEqual([
      'none',
      'none',
      'before',
      'none',
    ]);
    faults.replace({ transientErrors: { createTags: { rate: 0, at: [1] } } });
    expect(faults.transientFailure('createTags')).toBe('before');
    expect(faults.counters().transientByCommand).toEqual({ createTags: { before: 1, after: 0 } });
  });
});
