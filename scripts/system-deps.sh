#!/usr/bin/env bash
# Installs the Debian packages the lab's hosts need, when missing: openssh-server
# (sshd), sudo (become), the real container runtimes the simulated Kubernetes
# nodes run (docker.io: dockerd and the docker client; containerd and ctr; runc;
# busybox-static: the root file system of the pods' images; docker-registry: the
# registry mirror), ansible-core (tests compare runbook with ansible-playbook,
# ansible-inventory and ansible),
# chromium (the headless browser that checks `runbook report --html` pages),
# dnf, rpm (rpmbuild) and createrepo-c (the dnf module's tests: a lab RPM repository).
# One `apt-get update`, then one `apt-get install -y`.
set -euo pipefail
declare -A files=( [openssh-server]=/usr/sbin/sshd [sudo]=/usr/bin/sudo [containerd]=/usr/bin/containerd [docker.io]=/usr/sbin/dockerd [runc]=/usr/sbin/runc [busybox-static]=/bin/busybox [docker-registry]=/usr/bin/docker-registry [ansible-core]=/usr/bin/ansible-playbook [chromium]=/usr/bin/chromium [dnf]=/usr/bin/dnf [rpm]=/usr/bin/rpmbuild [createrepo-c]=/usr/bin/createrepo_c )
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
