// Whether a task runs through sudo on a host, and as whom. The first that says
// wins, as ansible-core 2.14's PlayContext orders them (variables over keywords
// over options: checked with ansible-playbook, an inventory's ansible_become: true
// becomes under a play's become: false):
//   1. the variables ansible_become, ansible_become_user, from any layer the task
//      sees (inventory, play or task vars, set_fact, -e)
//   2. task and block keywords (become, become_user; blocks pass them down)
//   3. play keywords
//   4. the command line (-b, --become-user); the user defaults to root
// become and become_user are decided apart: `become_user: postgres` on a task of a
// play run with -b switches the user, not sudo itself. The password is the host's
// ansible_become_password, else -K / RUNBOOK_BECOME_PASSWORD. Under delegate_to the
// host is the one the task runs on.
import type { HostBecome } from '../inventory/become-vars.js';
import type { BecomeOptions } from '../transport/become.js';
import type { Play, TaskCommon } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { textOf } from '../vars/condition/python-text.js';
import { renderValue } from '../vars/render-value.js';
import { flagKeyword } from './step-keywords.js';

/** What the command line says: -b, --become-user, -K or RUNBOOK_BECOME_PASSWORD. */
export interface BecomeDefaults {
  become: boolean;
  user?: string;
  password?: string;
}

/** sudo settings for `task` of `play` on a host; undefined: run as the login user. */
export function becomeFor(
  task: TaskCommon,
  play: Play,
  host: HostBecome,
  cli: BecomeDefaults,
  vars: Vars,
  /** The task runs on its own host (not delegated): `vars` are that host's, so its become variables are read there. */
  own = true,
): BecomeOptions | undefined {
  // Templates (`become: "{{ b }}"`, `become_user: "{{ u }}"`) render with the task's variables on the host.
  const become = task.become === undefined ? play.become : flagKeyword(task, 'become', task.become, vars, play.become);
  const user =
    task.becomeUser === undefined ? play.becomeUser : textOf(renderValue(task.becomeUser, vars, task.source));
  return decide(become, user, own ? fromVars(task, vars, host) : host, cli);
}

// The become variables as the task sees them (a task's own `vars:` above the inventory's); the password stays
// the inventory's or -e's, read literally (inventory/become-vars.ts).
function fromVars(task: TaskCommon, vars: Vars, host: HostBecome): HostBecome {
  const out = { ...host };
  if (vars.ansible_become !== undefined && vars.ansible_become !== null)
    out.become = flagKeyword(task, 'ansible_become', vars.ansible_become as boolean, vars, host.become);
  if (typeof vars.ansible_become_user === 'string' && vars.ansible_become_user !== '')
    out.user = textOf(renderValue(vars.ansible_become_user, vars, task.source));
  return out;
}

/** What the host and the command line say alone (no playbook): what `runbook ping` checks. */
export function hostBecomeFor(host: HostBecome, cli: BecomeDefaults): BecomeOptions | undefined {
  return decide(undefined, undefined, host, cli);
}

function decide(
  become: boolean | undefined,
  user: string | undefined,
  host: HostBecome,
  cli: BecomeDefaults,
): BecomeOptions | undefined {
  const on = host.become ?? become ?? cli.become;
  if (!on) return undefined;
  const who = host.user ?? user ?? cli.user;
  return { user: who ?? 'root', password: host.password ?? cli.password };
}
