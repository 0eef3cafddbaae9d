// wait_for: poll until a path exists (or is gone), a TCP port opens (or
// closes) as seen from the host, or a command succeeds. It only reads, so it
// runs under --check too, and it never reports a change. With nothing to wait
// for it sleeps `timeout` seconds, as Ansible's does.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ModuleDef } from './contract.js';
import { waitForSchema, type WaitArgs } from './wait/wait-args.js';
import { probeFor } from './wait/wait-probes.js';

export const waitFor: ModuleDef<WaitArgs> = {
  name: 'wait_for',
  summary: 'wait for a path, a TCP port or a command to succeed on the host',
  checkMode: 'full',
  schema: waitForSchema,
  async plan(args, ctx) {
    const sleepOnly = args.path === undefined && args.port === undefined && args.command === undefined;
    const probe = sleepOnly ? undefined : probeFor(args, ctx.conn);
    if (typeof probe === 'string') return { changes: [], failed: probe };
    const timeoutMs = (args.timeout ?? 300) * 1000;
    const start = Date.now();
    const deadline = start + timeoutMs;
    const elapsed = () => Math.round((Date.now() - start) / 100) / 10;
    // Sleeps end early when the task's own `timeout:` is up.
    const pauseFor = (ms: number) => sleep(ms, undefined, { signal: ctx.signal });
    if (args.delay) await pauseFor(args.delay * 1000);
    // As Ansible's result: what was awaited is given back beside the time.
    const asked = { path: args.path, port: args.port, search_regex: args.search_regex, state: args.state };
    if (!probe) {
      await pauseFor(timeoutMs);
      return { changes: [], data: { ...asked, elapsed: elapsed() }, msg: `slept ${args.timeout ?? 300} s` };
    }
    let last: string | undefined;
    for (let checks = 1; ; checks++) {
      const r = await probe.check(Math.max(deadline - Date.now(), 1));
      const data = { ...asked, ...r.found, elapsed: elapsed(), checks };
      if (r.done) return { changes: [], data, msg: `${probe.goal} after ${data.elapsed} s` };
      // A check the deadline cut short tells nothing new: the last one that finished is what to report.
      if (!r.cutShort || last === undefined) last = r.detail;
      const pause = (args.sleep ?? 1) * 1000;
      if (r.final || Date.now() + pause >= deadline) {
        const detail = last ? `; last check: ${last}` : '';
        return {
          changes: [],
          data,
          failed:
            args.msg ??
            `timed out after ${args.timeout ?? 300} s waiting for ${probe.goal} (${checks} checks${detail})`,
        };
      }
      await pauseFor(pause);
    }
  },
};
