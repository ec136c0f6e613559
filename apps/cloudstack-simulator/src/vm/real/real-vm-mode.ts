import { RealVmsSetting } from './real-vm-settings';
import { probeRealVmSupport } from './real-vm-support';

export const REAL_VM_MODE = Symbol('REAL_VM_MODE');

/** Whether this simulator backs its VMs with real hosts, and why (or why not). */
export interface RealVmMode {
  enabled: boolean;
  reason: string;
}

/** auto: real VMs where the machine allows them; on: real VMs or a start-up failure; off: records only. */
export async function decideRealVmMode(setting: RealVmsSetting): Promise<RealVmMode> {
  if (setting === 'off') return { enabled: false, reason: 'SIM_REAL_VMS=0' };
  const support = await probeRealVmSupport();
  if (support.supported) return { enabled: true, reason: `SIM_REAL_VMS=${setting === 'on' ? '1' : 'auto'}` };
  if (setting === 'on') throw new Error(`SIM_REAL_VMS=1 but VMs cannot be real hosts here: ${support.reason}`);
  return { enabled: false, reason: support.reason ?? 'unsupported' };
}
