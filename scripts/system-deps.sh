#!/usr/bin/env bash
# Installs the Debian packages the lab's hosts need, when missing: openssh-server
# (sshd), sudo (become), the real container runtimes the simulated Kubernetes
# nodes run (docker.io: dockerd and the docker client; containerd and ctr; runc;
# busybox-static: the root file system of the pods' images; docker-registry: the
# registry mirror), rsync (the synchronize module), ansible-core (tests compare runbook with ansible-playbook,
# ansible-inventory and ansible),
# chromium (the headless browser that checks `runbook report --html` pages),
# rpm (rpmbuild), createrepo-c and dnf's libraries (the dnf module's tests: a lab RPM
# repository), and the .debs of dnf, python3-dnf and python3-rpm downloaded, not installed:
# the tests install them inside one lab host (python3-rpm on the machine would make
# ansible's package_facts read rpm instead of apt).
# One `apt-get update`, then one `apt-get install -y`.
set -euo pipefail
declare -A files=( [openssh-server]=/usr/sbin/sshd [sudo]=/usr/bin/sudo [containerd]=/usr/bin/containerd [docker.io]=/usr/sbin/dockerd [runc]=/usr/sbin/runc [busybox-static]=/bin/busybox [docker-registry]=/usr/bin/docker-registry [ansible-core]=/usr/bin/ansible-playbook [chromium]=/usr/bin/chromium [rpm]=/usr/bin/rpmbuild [createrepo-c]=/usr/bin/createrepo_c [python3-libdnf]=/usr/lib/python3/dist-packages/libdnf [python3-hawkey]=/usr/lib/python3/dist-packages/hawkey [python3-libcomps]=/usr/lib/python3/dist-packages/libcomps [python3-gpg]=/usr/lib/python3/dist-packages/gpg [python3-unbound]=/usr/lib/python3/dist-packages/unbound.py [dnf-data]=/etc/dnf/dnf.conf [rsync]=/usr/bin/rsync )
dnf_debs=(dnf python3-dnf python3-rpm)
missing=()
for pkg in "${!files[@]}"; do [ -e "${files[$pkg]}" ] || missing+=("$pkg"); done
for pkg in "${dnf_debs[@]}"; do compgen -G "/var/cache/apt/archives/${pkg}_*.deb" >/dev/null || missing+=("download:$pkg"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "runbook's tests need ${missing[*]} (Debian packages) and root to install them; run as root." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
install=()
for m in "${missing[@]}"; do [[ $m == download:* ]] || install+=("$m"); done
[ ${#install[@]} -eq 0 ] || apt-get install -y -qq "${install[@]}" >/dev/null
apt-get install -y -qq --download-only "${dnf_debs[@]}" >/dev/null
