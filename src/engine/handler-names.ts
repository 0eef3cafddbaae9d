// Handler names written as templates (`name: "restart {{ svc }}"`) answer to their
// rendered name, as ansible-core 2.14 renders them with the play's variables (no
// host's) when a notification looks for its handler, in handler order. One that
// cannot render answers only to its listen topics, with Ansible's warning.
import { RunbookError } from '../errors.js';
import type { Handler, Play } from '../types/playbook.js';
import { renderValue } from '../vars/render-value.js';
import { Notifications } from './handlers.js';
import type { RunContext } from './run-context.js';
import { nameInRole } from './role-task-name.js';
import { playVars } from './step-keywords.js';

const names = new WeakMap<Play, Map<Handler, string | undefined>>();

/** The play's notifications, templated handler names rendered once per play when first looked at. */
export function notificationsFor(play: Play, run: Pick<RunContext, 'extraVars' | 'warn'>): Notifications {
  if (!play.handlers.some((h) => h.name?.includes('{{'))) return new Notifications(play.handlers);
  const known = names.get(play) ?? new Map<Handler, string | undefined>();
  names.set(play, known);
  const nameOf = (h: Handler): string | undefined => {
    if (h.name === undefined || !h.name.includes('{{')) return h.name;
    if (!known.has(h)) known.set(h, rendered(h, play, run));
    return known.get(h);
  };
  return new Notifications(play.handlers, nameOf);
}

function rendered(h: Handler, play: Play, run: Pick<RunContext, 'extraVars' | 'warn'>): string | undefined {
  try {
    return String(renderValue(h.name as string, { ...playVars(play, run.extraVars), ...h.vars }, h.source));
  } catch (err) {
    if (!(err instanceof RunbookError)) throw err;
    // A role's handler also answers to "ROLE : name" (parse/handlers.ts): not a listen topic of its own.
    if (h.listen.every((topic) => topic === nameInRole(h.role, h.name as string)))
      run.warn(
        `Handler '${h.name}' is unusable because it has no listen topics and the name could not be templated ` +
          `(host-specific variables are not supported in handler names). The error: ${err.message}`,
      );
    return undefined;
  }
}
