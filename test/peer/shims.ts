// The `ansible-playbook` and `ansible` commands a target's runme.sh calls, put first
// on its PATH: either the real ones (the baseline) or runbook's `apply` and `run`
// with Ansible's command line translated. Each call is logged with its exit code,
// so a report can say which call of a target failed first.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Engine = 'ansible' | 'runbook';

/** Ansible's verbosity flags, which runbook takes as one -v; everything else passes as given. */
const TRANSLATE = `
args=()
for a in "$@"; do
  case "$a" in
    -v|-vv|-vvv|-vvvv|-vvvvv|-vvvvvv) args+=(-v) ;;
    *) args+=("$a") ;;
  esac
done
# With no -i, runbook (as ansible-playbook without /etc/ansible/hosts) has the implicit localhost alone.
`;

/** Ansible's configuration by environment that runbook's apply has as an option. */
const FORCE_HANDLERS_ENV = `case "\${ANSIBLE_FORCE_HANDLERS:-}" in
  1|[Tt]rue|[Yy]es|[Oo]n) args+=(--force-handlers) ;;
esac
`;

function shim(command: string, run: string): string {
  return `#!/usr/bin/env bash
# ${command} for ansible-core's integration targets (test/peer/ansible-targets.ts).
${run}
rc=$?
printf '%s\\t%s\\n' "$rc" "${command} $*" >> "$PEER_LOG"
exit $rc
`;
}

/** Writes the shims for `engine` into `dir` (made if missing); returns `dir`. */
export function writeShims(dir: string, engine: Engine, runbookMain: string): string {
  mkdirSync(dir, { recursive: true });
  const scripts: Record<string, string> =
    engine === 'ansible'
      ? {
          'ansible-playbook': shim('ansible-playbook', '/usr/bin/ansible-playbook "$@"'),
          ansible: shim('ansible', '/usr/bin/ansible "$@"'),
        }
      : {
          'ansible-playbook': shim(
            'ansible-playbook',
            `${TRANSLATE}${FORCE_HANDLERS_ENV}node ${JSON.stringify(runbookMain)} apply --plain --no-record "\${args[@]}"`,
          ),
          ansible: shim('ansible', `${TRANSLATE}node ${JSON.stringify(runbookMain)} run --no-record "\${args[@]}"`),
        };
  for (const [name, text] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}
