#!/usr/bin/env bash
# The demo: start 3 lab hosts (real sshd in private namespaces), apply the sample
# playbook twice (the second run changes nothing), then remove the lab.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/node-deps.sh
trap 'node dist/test/lab/cli.js down >/dev/null 2>&1 || true' EXIT
node dist/test/lab/cli.js up 3
inventory="$(node dist/test/lab/cli.js inventory)"
echo; echo "== first run: runbook apply playbooks/demo.yaml -i $inventory"
node dist/src/cli/main.js apply playbooks/demo.yaml -i "$inventory" "$@"
echo; echo "== second run: nothing left to change"
node dist/src/cli/main.js apply playbooks/demo.yaml -i "$inventory" "$@"
