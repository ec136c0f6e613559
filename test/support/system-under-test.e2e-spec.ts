import { SystemUnderTest } from './system-under-test';

describe('SystemUnderTest', () => {
  it('fails at once when a service exits while starting, naming it, and leaves nothing running', async () => {
    const system = new SystemUnderTest({ extraEnv: { SIM_LOG_LEVEL: 'nonsense' } });
    const started = Date.now();
    await expect(system.start()).rejects.toThrow(/cloudstack-simulator exited[\s\S]*SIM_LOG_LEVEL must be one of/);
    // Well before the 60 s a wait for the simulator would take.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(system.servicePids().size).toBe(0);
  });
});
