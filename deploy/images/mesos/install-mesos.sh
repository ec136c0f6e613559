#!/bin/sh
# Runs as root on the build VM of mesos.pkr.hcl: installs ZooKeeper, Mesos and (optionally) Marathon, leaves every
# daemon stopped and disabled (templates/mesos decides per VM what runs), and cleans the VM so every VM made from
# the template is new (host keys, machine id and cloud-init state are made again at first boot).
set -eu

: "${MESOS_APT_SOURCE:?the apt source line of a repository carrying Mesos}"
MESOS_PACKAGE=${MESOS_PACKAGE:-mesos}
MARATHON_PACKAGE=${MARATHON_PACKAGE:-}
export DEBIAN_FRONTEND=noninteractive

# cloud-init may still be writing apt sources on first boot.
cloud-init status --wait >/dev/null 2>&1 || true

apt-get update -q
apt-get install -y -q ca-certificates curl gnupg zookeeper zookeeperd

if [ -n "${MESOS_APT_KEY_URL:-}" ]; then
  install -d -m 0755 /etc/apt/keyrings
  curl -fsSL "$MESOS_APT_KEY_URL" | gpg --dearmor --yes -o /etc/apt/keyrings/mesos.gpg
  chmod 0644 /etc/apt/keyrings/mesos.gpg
fi
printf '%s\n' "$MESOS_APT_SOURCE" > /etc/apt/sources.list.d/mesos.list
apt-get update -q
apt-get install -y -q "$MESOS_PACKAGE" ${MARATHON_PACKAGE:+"$MARATHON_PACKAGE"}

mesos-master --version
mesos-agent --version 2>/dev/null || mesos-slave --version

# The template starts what each VM is for, with its own configuration.
for service in zookeeper mesos-master mesos-slave mesos-agent marathon; do
  if systemctl list-unit-files "$service.service" >/dev/null 2>&1 && systemctl cat "$service" >/dev/null 2>&1; then
    systemctl disable --now "$service" || true
  fi
done
rm -rf /var/lib/zookeeper/version-2 /var/lib/mesos/*

apt-get clean
rm -rf /var/lib/apt/lists/*
cloud-init clean --logs --seed
rm -f /etc/ssh/ssh_host_*
truncate -s 0 /etc/machine-id
