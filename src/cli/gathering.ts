// Ansible's `gathering` setting, read as ansible-playbook reads it from ANSIBLE_GATHERING:
// implicit (the default: a play gathers facts unless it says gather_facts: false) or
// explicit (only a play that says gather_facts: true). Ansible's third, smart, keeps
// facts between runs in a cache runbook does not have: it is refused, never ignored.
import { RunbookError } from '../errors.js';
import type { Gathering } from '../parse/playbook.js';

export function gatheringFromEnv(): Gathering {
  const v = (process.env.ANSIBLE_GATHERING ?? '').trim().toLowerCase();
  if (v === '' || v === 'implicit') return 'implicit';
  if (v === 'explicit') return 'explicit';
  throw new RunbookError('usage', `ANSIBLE_GATHERING=${process.env.ANSIBLE_GATHERING} is not a gathering runbook has`, {
    hint: 'implicit (every play gathers facts unless gather_facts: false) or explicit (only gather_facts: true)',
  });
}
