// What `runbook validate` tells lookups: no command may run on the controller.
// lookup('pipe') checks the controller's `commandsRefused` before it starts its
// command, and throws this NotYetKnown: the value is reported as known only when
// the playbook runs. lookup('env') still reads the environment.
import { NotYetKnown } from '../vars/render.js';

export const PIPE_AT_RUN = "lookup('pipe'): a controller command, run only by apply";

export const pipeAtRun = (): Error => new NotYetKnown(PIPE_AT_RUN);
