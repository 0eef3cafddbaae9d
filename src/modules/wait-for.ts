// wait_for: poll until a path exists (or is gone), a TCP port opens (or
// closes) as seen from the host, or a command succeeds. It only reads, so it
// runs under --check too, and it never reports a change.
import { setTimeout as sleep } from 'node:timers/promises';
import { absolutePathSchema } from './files/file-options.js';
import type { ModuleDef } from './contract.js';
import { probeFor, type WaitArgs } from './wait/wait-probes.js';

const seconds = (what: string) => ({ type: 'number', minimum: 0, description: what });

export const waitFor: ModuleDef<WaitArgs> = {
  name: 'wait_for',
  summary: 'wait for a path, a TCP port or a command to succeed on the host',
  checkMode: 'full',
  schema: {
    type: 'object',
    properties: {
      path: absolutePathSchema,
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      host: { type: 'string', minLength: 1, description: 'the address to connect to from the host (with port)' },
      command: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'argv run on the host until it exits 0' },
      state: { enum: ['present', 'absent', 'started', 'stopped'], description: 'present/absent for path, started/stopped for port' },
      timeout: seconds('seconds to wait in all (default 300)'),
      delay: seconds('seconds before the first check (default 0)'),
      sleep: seconds('seconds between checks (default 1)'),
    },
    oneOf: [{ required: ['path'] }, { required: ['port'] }, { required: ['command'] }],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const probe = probeFor(args, ctx.conn);
    if (typeof probe === 'string') return { changes: [], failed: probe };
    const timeoutMs = (args.timeout ?? 300) * 1000;
    const start = Date.now();
    const deadline = start + timeoutMs;
    const elapsed = () => Math.round((Date.now() - start) / 100) / 10;
    // Sleeps end early when the task's own `timeout:` is up.
    const pauseFor = (ms: number) => sleep(ms, undefined, { signal: ctx.signal });
    if (args.delay) await pauseFor(args.delay * 1000);
    let last: string | undefined;
    for (let checks = 1; ; checks++) {
      const r = await probe.check(Math.max(deadline - Date.now(), 1));
      const data = { elapsed: elapsed(), checks };
      if (r.done) return { changes: [], data, msg: `${probe.goal} after ${data.elapsed} s` };
      // A check the deadline cut short tells nothing new: the last one that finished is what to report.
      if (!r.cutShort || last === undefined) last = r.detail;
      const pause = (args.sleep ?? 1) * 1000;
      if (r.final || Date.now() + pause >= deadline) {
        const detail = last ? `; last check: ${last}` : '';
        return { changes: [], data, failed: `timed out after ${args.timeout ?? 300} s waiting for ${probe.goal} (${checks} checks${detail})` };
      }
      await pauseFor(pause);
    }
  },
};

