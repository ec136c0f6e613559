#!/usr/bin/env bash
# Installs the Debian packages named (and those listed in files given with --list) that are not installed yet,
# without starting their daemons on this machine (sshd, ZooKeeper, Apache, ... run only inside the simulator's
# VMs). Needs root and apt-get; prints what it would lack otherwise and exits 1.
#   deploy/install-debian-packages.sh --list deploy/images/simulator-image.packages awscli ...
set -euo pipefail

packages=()
while [[ $# -gt 0 ]]; do
  if [[ $1 == --list ]]; then
    while read -r line; do
      line=${line%%#*}
      [[ -n ${line// } ]] && packages+=("${line// }")
    done < "$2"
    shift 2
  else
    packages+=("$1")
    shift
  fi
done

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
  echo "not installed (needs root and apt-get): ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
had_policy=$([ -e "$policy" ] && echo yes || true)
[ -n "$had_policy" ] || { printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; }
status=0
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" || status=$?
[ -n "$had_policy" ] || rm -f "$policy"
exit "$status"
