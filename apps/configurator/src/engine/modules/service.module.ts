import { shellQuote } from '@cfn/ssh';

import { ChangeScript, runChangeScript } from './change-script';
import { TaskModule } from './task-module';

interface ServiceArgs {
  name: string;
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded';
  enabled?: boolean;
}

/**
 * Shell functions over the host's init system, chosen on the host: systemd when it runs, else sysvinit
 * (`service <name> start|status`, `update-rc.d`), as on the simulator's VMs.
 */
const INIT_FUNCTIONS = `if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then init=systemd; else init=sysv; fi
svc_known() { if [ $init = systemd ]; then systemctl cat "$n" >/dev/null 2>&1; else [ -x "/etc/init.d/$n" ]; fi; }
svc_running() { if [ $init = systemd ]; then systemctl is-active --quiet "$n"; else service "$n" status >/dev/null 2>&1; fi; }
svc_enabled() { if [ $init = systemd ]; then systemctl is-enabled --quiet "$n" 2>/dev/null; else ls /etc/rc[2345].d/S[0-9][0-9]"$n" >/dev/null 2>&1; fi; }
svc() { if [ $init = systemd ]; then systemctl "$1" "$n"; else service "$n" "$1"; fi; }
svc_enable() { if [ $init = systemd ]; then systemctl enable "$n"; else update-rc.d "$n" defaults && update-rc.d "$n" enable; fi; }
svc_disable() { if [ $init = systemd ]; then systemctl disable "$n"; else update-rc.d "$n" disable; fi; }`;

export function serviceScript(args: ServiceArgs): ChangeScript {
  if (!/^[A-Za-z0-9@_.:-]+$/.test(args.name)) throw new Error(`"${args.name}" is not a service name`);
  if (args.state === undefined && args.enabled === undefined) throw new Error('service needs state or enabled');
  const probe = [
    `n=${shellQuote(args.name)}`,
    INIT_FUNCTIONS,
    'if ! svc_known; then change "service $n is not installed"; missing=1; fi',
  ];
  const apply = ['if [ "${missing:-0}" = 1 ]; then echo "service $n is not installed ($init)"; exit 1; fi'];
  if (args.enabled === true) {
    probe.push('if [ "${missing:-0}" = 0 ] && ! svc_enabled; then change "enable $n ($init)"; do_enable=1; fi');
    apply.push('if [ "${do_enable:-0}" = 1 ]; then svc_enable; fi');
  } else if (args.enabled === false) {
    probe.push('if [ "${missing:-0}" = 0 ] && svc_enabled; then change "disable $n ($init)"; do_disable=1; fi');
    apply.push('if [ "${do_disable:-0}" = 1 ]; then svc_disable; fi');
  }
  switch (args.state) {
    case 'started':
      probe.push('if [ "${missing:-0}" = 0 ] && ! svc_running; then change "start $n ($init)"; do_start=1; fi');
      apply.push('if [ "${do_start:-0}" = 1 ]; then svc start; fi');
      break;
    case 'stopped':
      probe.push('if [ "${missing:-0}" = 0 ] && svc_running; then change "stop $n ($init)"; do_stop=1; fi');
      apply.push('if [ "${do_stop:-0}" = 1 ]; then svc stop; fi');
      break;
    case 'restarted':
    case 'reloaded': {
      const action = args.state === 'restarted' ? 'restart' : 'reload';
      probe.push(`change "${action} $n"`);
      apply.push(`svc ${action}`);
      break;
    }
  }
  return { probe: probe.join('\n'), apply: apply.join('\n') };
}

/** Ansible's service: started / stopped / restarted / reloaded, enabled at boot or not. */
export const serviceModule: TaskModule<ServiceArgs> = {
  name: 'service',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1 },
      state: { enum: ['started', 'stopped', 'restarted', 'reloaded'] },
      enabled: { type: 'boolean' },
    },
  },
  run: (args, ctx) => runChangeScript(ctx, serviceScript(args)),
};
