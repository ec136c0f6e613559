import { GuestLayout } from './guest-layout';

export interface GuestBootSpec {
  vmId: string;
  hostname: string;
  /** Where the guest finds the virtual router's metadata service, e.g. http://10.77.0.1 */
  metadataUrl: string;
}

/** The line guest-init prints once sshd runs; the host waits for it before calling the VM Running. */
export const GUEST_READY_MARKER = 'cfn-sim-init: ready';

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Runs as PID 1 of the VM's fresh mount, UTS and PID namespaces (inside its network namespace): builds the VM's
 * root as an overlay over the host's `/` whose writes land in the VM's own upper directory, then enters it.
 */
export function renderBootScript(layout: GuestLayout, spec: GuestBootSpec): string {
  const f = layout.files(spec.vmId);
  const root = quote(f.root);
  return `#!/bin/sh
set -eu
hostname ${quote(spec.hostname)}
mount -t overlay overlay -o ${quote(`lowerdir=/,upperdir=${f.upper},workdir=${f.work}`)} ${root}
mount --rbind /dev ${root}/dev
mount -t tmpfs -o mode=1777,size=64m tmpfs ${root}/dev/shm
mount -t proc proc ${root}/proc
mount -t sysfs sysfs ${root}/sys
mount -t tmpfs -o mode=0755,size=64m tmpfs ${root}/run
mount -t tmpfs -o mode=1777 tmpfs ${root}/tmp
# The other VMs' disks live under the state directory, which the lower layer shows: hide it.
mkdir -p ${root}${quote(layout.stateDir)}
mount -t tmpfs -o mode=0700,size=1m tmpfs ${root}${quote(layout.stateDir)}
mkdir -p ${root}/run/cfn-simulator
cp ${quote(f.initScript)} ${root}/run/cfn-simulator/init
exec chroot ${root} /usr/bin/tini -- /bin/sh /run/cfn-simulator/init
`;
}

/**
 * The guest's init, chrooted, under tini: what a CloudStack template's init system and cloud-init do at boot.
 * Host keys are made once per VM; root's authorized_keys and the userdata come from the metadata service; a
 * userdata script (`#!`) runs once per instance, as cloud-init's scripts-user does, logging to
 * /var/log/cloud-init-output.log. SIGTERM stops every process of the VM.
 */
export function renderGuestInit(spec: GuestBootSpec): string {
  return `#!/bin/sh
set -u
METADATA=${quote(spec.metadataUrl)}
INSTANCE=/var/lib/cloud/instance

fetch() { curl -fsS --retry 10 --retry-delay 0 --retry-connrefused --max-time 5 "$METADATA/latest/$1"; }

shutdown() {
  kill -TERM -1 2>/dev/null
  wait
  # Give what userdata started up to 5 s to exit; PID 1 going away kills the rest.
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50; do
    others=0
    for p in /proc/[0-9]*; do case "$p" in /proc/1|"/proc/$$") ;; *) others=1 ;; esac; done
    [ "$others" = 0 ] && break
    sleep 0.1
  done
  exit 0
}
trap shutdown TERM INT

hostname > /etc/hostname
grep -q "[[:space:]]$(hostname)\\$" /etc/hosts || echo "127.0.1.1 $(hostname)" >> /etc/hosts

if [ ! -e /etc/ssh/.cfn-sim-host-keys ]; then
  rm -f /etc/ssh/ssh_host_*
  ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
  touch /etc/ssh/.cfn-sim-host-keys
fi
# /run is a fresh tmpfs: make what a Debian boot makes there (systemd-tmpfiles / initscripts), e.g. /run/lock
# (/var/lock), which init scripts such as apache2's expect.
mkdir -p /run/lock && chmod 1777 /run/lock
mkdir -p /run/sshd /root/.ssh "$INSTANCE/sem" "$INSTANCE/scripts"
chmod 700 /root/.ssh
if fetch meta-data/public-keys > /root/.ssh/authorized_keys.new; then
  mv /root/.ssh/authorized_keys.new /root/.ssh/authorized_keys
  chmod 600 /root/.ssh/authorized_keys
else
  echo "cfn-sim-init: could not read public-keys from $METADATA" >&2
fi
/usr/sbin/sshd -D -e &
# Ready means reachable: wait (up to 5 s) until sshd listens on port 22 (0x0016).
for _ in $(seq 100); do
  grep -q ':0016 00000000:0000 0A' /proc/net/tcp && break
  sleep 0.05
done

if [ ! -e "$INSTANCE/sem/user-scripts" ] && fetch user-data > "$INSTANCE/user-data.txt"; then
  touch "$INSTANCE/sem/user-scripts"
  if [ "$(head -c 2 "$INSTANCE/user-data.txt")" = '#!' ]; then
    cp "$INSTANCE/user-data.txt" "$INSTANCE/scripts/part-001"
    chmod 700 "$INSTANCE/scripts/part-001"
    (cd / && setsid "$INSTANCE/scripts/part-001" >> /var/log/cloud-init-output.log 2>&1 < /dev/null &)
  fi
fi

echo ${quote(GUEST_READY_MARKER)}
while :; do
  sleep infinity &
  wait $!
done
`;
}
