/** `SIM_REAL_VMS`: auto backs VMs with real hosts when this machine allows it, on insists, off never does. */
export type RealVmsSetting = 'auto' | 'on' | 'off';

export const DEFAULT_BRIDGE_NAME = 'cfnsim0';
export const DEFAULT_STATE_DIR = '/var/lib/cfn-simulator';

/** A Linux interface name (at most 15 characters) that is also usable inside nftables table names. */
const BRIDGE_NAME = /^[a-z][a-z0-9]{0,14}$/;

export function parseRealVmsSetting(value: string | undefined): RealVmsSetting {
  const normalised = (value ?? 'auto').trim().toLowerCase();
  if (['', 'auto'].includes(normalised)) return 'auto';
  if (['1', 'on', 'true', 'yes'].includes(normalised)) return 'on';
  if (['0', 'off', 'false', 'no'].includes(normalised)) return 'off';
  throw new Error(`SIM_REAL_VMS must be auto, 1 or 0, got "${value}"`);
}

export const isValidBridgeName = (name: string) => BRIDGE_NAME.test(name);

export function validateBridgeName(name: string): string {
  if (!isValidBridgeName(name)) {
    throw new Error(
      `the simulator bridge name must be 1-15 lowercase letters and digits starting with a letter, got "${name}"`,
    );
  }
  return name;
}
