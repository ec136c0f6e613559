import { InvalidFaultsError, parseSimulatorFaults, simulatorFaultsFromEnv } from './simulator-faults';

describe('simulator faults documents', () => {
  it('reads SIM_FAULTS', () => {
    const env = {
      SIM_FAULTS: '{"transientErrors":{"*":{"rate":0.3}},"throttle":{"max":25},"limits":{"default":{"user_vm":20}}}',
    };
    expect(simulatorFaultsFromEnv(env)).toEqual({
      transientErrors: { '*': { rate: 0.3 } },
      throttle: { max: 25 },
      limits: { default: { user_vm: 20 } },
    });
    expect(simulatorFaultsFromEnv({})).toEqual({});
    expect(() => simulatorFaultsFromEnv({ SIM_FAULTS: '{' })).toThrow(InvalidFaultsError);
  });

  it('refuses what it would not understand', () => {
    expect(() => parseSimulatorFaults({ latency: { listZones: { min: 5 } } })).toThrow(/must have required property/);
    expect(() => parseSimulatorFaults({ limits: { default: { vms: 3 } } })).toThrow(/additional properties/);
    expect(() => parseSimulatorFaults({ deploy: { insufficientCapacityAt: [0] } })).toThrow(/must be >= 1/);
    expect(() => parseSimulatorFaults([])).toThrow(InvalidFaultsError);
    expect(parseSimulatorFaults({ latency: { '*': { mean: 20, stddev: 5 } }, capacity: { hosts: 2 } })).toEqual({
      latency: { '*': { mean: 20, stddev: 5 } },
      capacity: { hosts: 2 },
    });
  });
});
