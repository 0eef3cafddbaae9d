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

/**
 * As ansible-playbook 2.14: 2 while a host is failed at the end of the run. A host whose errors
 * `meta: clear_host_errors` cleared is not, though the recap still counts its failure (exit 0).
 */
export function exitCodeFor({ recap, failedHosts }: { recap: Recap; failedHosts: string[] }): number {
  const all = [...recap.values()];
  if (failedHosts.some((h) => (recap.get(h)?.failed ?? 0) > 0)) return EXIT_FAILED;
  if (all.some((c) => c.unreachable > 0)) return EXIT_UNREACHABLE;
  return EXIT_OK;
}
