// -c / --connection's values; apart from cli-inventory.ts so that parsing the
// command line loads nothing of the inventory readers.
import { RunbookError } from '../errors.js';

/** -c's values: Ansible's names of runbook's two ways to reach a host. */
const CONNECTIONS: Readonly<Record<string, 'ssh' | 'local'>> = {
  ssh: 'ssh',
  smart: 'ssh',
  paramiko: 'ssh',
  local: 'local',
};

/** Checks a -c / --connection value (commander's argument parser). */
export function parseConnection(value: string): 'ssh' | 'local' {
  const kind = CONNECTIONS[value];
  if (kind) return kind;
  throw new RunbookError('usage', `-c ${value}: runbook has no connection "${value}"`, {
    hint: 'ssh (also smart, paramiko) or local (the controller itself)',
  });
}
