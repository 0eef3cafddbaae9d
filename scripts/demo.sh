#!/usr/bin/env bash
# The demo: installs, then moves a simulated 3-node Docker cluster to containerd
# with playbooks/containerd.yaml (the live progress view on a terminal), runs it
# a second time to show nothing changes, and removes everything it started.
# Extra arguments go to `runbook apply` (e.g. --check --diff, or --plain).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/node-deps.sh
exec node dist/test/e2e/demo.js "$@"
