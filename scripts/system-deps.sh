#!/usr/bin/env bash
# Installs the Debian packages the lab's hosts need, when missing: openssh-server
# (sshd), sudo (become), containerd (the real `containerd config dump` the
# simulated nodes use), chromium (the headless browser that checks `runbook
# report --html` pages), ansible-core (ansible-inventory and ansible, whose output
# tests compare runbook's with). One `apt-get update`, then one `apt-get install -y`.
set -euo pipefail
declare -A files=( [openssh-server]=/usr/sbin/sshd [sudo]=/usr/bin/sudo [containerd]=/usr/bin/containerd [chromium]=/usr/bin/chromium [ansible-core]=/usr/bin/ansible-inventory )
missing=()
for pkg in "${!files[@]}"; do [ -e "${files[$pkg]}" ] || missing+=("$pkg"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "runbook's tests need ${missing[*]} (Debian packages) and root to install them; run as root." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
