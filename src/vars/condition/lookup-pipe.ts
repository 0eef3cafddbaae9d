// lookup('pipe', COMMAND): a shell command run on the controller, in the playbook's
// directory and the controller's environment; its output without trailing
// whitespace, as ansible-core 2.14's pipe plugin. A lookup is synchronous (the
// expression waits for its value), as Ansible's is.
import { spawnSync } from 'node:child_process';
import type { Controller } from './controller.js';
import { Fault } from './fault.js';
import { pyStr } from './python-text.js';

// Far beyond a lookup's use: a command that hangs is an error, not a stuck run.
const PIPE_TIMEOUT_MS = 5 * 60_000;

export function pipeLookup(controller: Controller, terms: readonly unknown[]): string[] {
  if (controller.commandsRefused) throw controller.commandsRefused();
  return terms.map((t) => {
    const command = pyStr(t);
    const r = spawnSync('/bin/sh', ['-c', command], {
      cwd: controller.playbookDir,
      env: controller.env as NodeJS.ProcessEnv,
      // Its stderr is not the run's output (it would break the live view).
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: PIPE_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) throw new Fault(`lookup_plugin.pipe(${command}) could not run: ${r.error.message}`);
    if (r.status !== 0) throw new Fault(`lookup_plugin.pipe(${command}) returned ${r.status ?? r.signal}`);
    return r.stdout.toString('utf8').replace(/\s+$/, '');
  });
}
