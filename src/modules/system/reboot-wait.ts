// The wait after a reboot command, as Ansible 2.14's reboot action waits: an action is
// tried until it succeeds or `timeoutS` is up, sleeping 2^n s (plus up to 1 s at random,
// at most 12 s) after each failure; a host that cannot be reached is one more failure.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from '../../transport/connection.js';
import type { ModuleContext } from '../contract.js';

export class TimedOut extends Error {}

/**
 * Runs `action` on a new connection each try (the host goes away and comes back) until
 * it resolves; rejects with TimedOut ("Timed out waiting for DESC (timeout=N)").
 */
export async function untilSuccess(
  ctx: ModuleContext,
  desc: string,
  timeoutS: number,
  action: (conn: Connection) => Promise<void>,
): Promise<void> {
  const end = Date.now() + timeoutS * 1000;
  for (let fails = 0; Date.now() < end; fails++) {
    try {
      return await action(ctx.reconnect ? await ctx.reconnect() : ctx.conn);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      await sleep((Math.min(2 ** fails, 12) + Math.random()) * 1000, undefined, { signal: ctx.signal });
    }
  }
  throw new TimedOut(`Timed out waiting for ${desc} (timeout=${timeoutS})`);
}
