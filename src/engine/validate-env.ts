// The controller's environment as `runbook validate` hands it to lookups:
// lookup('env', NAME) reads it by name, but nothing may list it. lookup('pipe')
// starts its command with the whole environment, so listing it is the one step
// every pipe lookup takes before its command runs: it stops there, and the value
// is reported as known only when the playbook runs. Nothing is executed at validate.
import { NotYetKnown } from '../vars/render.js';

export const PIPE_AT_RUN = "lookup('pipe'): a controller command, run only by apply";

export function environmentForValidate(
  env: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string | undefined>> {
  const refuse = (): never => {
    throw new NotYetKnown(PIPE_AT_RUN);
  };
  return new Proxy(env, { ownKeys: refuse, getOwnPropertyDescriptor: refuse });
}
