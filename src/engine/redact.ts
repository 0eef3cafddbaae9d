// Secrets never leave the engine in an event: this is the one door every event
// goes through, so every reporter (plain, live, --json, the run record) sees only
// the mask, wherever a secret got in (a `debug: var=hostvars`, a command that
// echoes its input, a module's error, a diff). The set is read at each event, so
// secrets learnt during the run are masked from then on.
import type { SecretValues } from '../secrets.js';
import type { Emit, RunEvent } from './events.js';

export { MASK } from '../secrets.js';

/** `emit` with every string of every event masked against `secrets`. */
export function redactingEmit(emit: Emit, secrets: SecretValues): Emit {
  return (event) => emit(secrets.maskDeep<RunEvent>(event));
}
