import { parseRealVmsSetting, validateBridgeName } from './real-vm-settings';

describe('real VM settings', () => {
  it('reads SIM_REAL_VMS as auto, on or off', () => {
    expect(parseRealVmsSetting(undefined)).toBe('auto');
    expect(parseRealVmsSetting('AUTO')).toBe('auto');
    expect(parseRealVmsSetting('1')).toBe('on');
    expect(parseRealVmsSetting('true')).toBe('on');
    expect(parseRealVmsSetting('0')).toBe('off');
    expect(() => parseRealVmsSetting('maybe')).toThrow('SIM_REAL_VMS');
  });

  it('accepts only bridge names that fit an interface name and an nftables table name', () => {
    expect(validateBridgeName('cfnsim0')).toBe('cfnsim0');
    expect(() => validateBridgeName('cfn-sim')).toThrow('bridge name');
    expect(() => validateBridgeName('averyveryverylongname')).toThrow('bridge name');
  });
});
