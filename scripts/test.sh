#!/usr/bin/env bash
# The whole test suite, from a fresh clone, as root. The lab (test/lab) installs
# openssh-server itself when missing and fails the run if it cannot start;
# system-deps.sh installs the Debian packages first, once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/node-deps.sh
npm test --silent
