// Exit codes as Ansible's: operators' scripts already test for these.
import type { Recap } from '../engine/events.js';

export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_FAILED = 2;
export const EXIT_UNREACHABLE = 4;
export const EXIT_INTERNAL = 70;
/** Ctrl-C, as shells report a process ended by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;
/** SIGTERM (128 + 15). */
export const EXIT_TERMINATED = 143;

export function exitCodeFor(recap: Recap): number {
  const all = [...recap.values()];
  if (all.some((c) => c.failed > 0)) return EXIT_FAILED;
  if (all.some((c) => c.unreachable > 0)) return EXIT_UNREACHABLE;
  return EXIT_OK;
}
