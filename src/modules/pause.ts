// pause (ansible.builtin.pause): wait `seconds` or `minutes` on the controller (under one
// second counts as one, as Ansible), or show `prompt`. runbook runs without a terminal
// for modules, so a prompt is answered at once with "" and the warning ansible-playbook
// gives when its stdin is not interactive. Result fields as Ansible's: changed false,
// start, stop, delta (whole seconds), stdout "Paused for N seconds|minutes", user_input,
// echo, rc, stderr. A task `timeout:` (ctx.signal) ends the wait early.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: {
    seconds: { type: ['integer', 'string'], pattern: '^\\d+$', description: 'seconds to wait' },
    minutes: { type: ['integer', 'string'], pattern: '^\\d+$', description: 'minutes to wait' },
    prompt: { type: 'string', description: 'text shown to the user; answered with "" (no terminal)' },
    echo: { type: 'boolean', description: 'echo the answer (default true)' },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const pause: ModuleDef<Args> = {
  name: 'pause',
  summary: 'wait some seconds or minutes (a prompt is answered with "" without a terminal)',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const start = new Date();
    const wanted =
      args.seconds !== undefined
        ? Number(args.seconds)
        : args.minutes !== undefined
          ? Number(args.minutes) * 60
          : undefined;
    if (wanted !== undefined) {
      const ms = Math.max(1, wanted) * 1000;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        ctx.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(t);
            resolve();
          },
          { once: true },
        );
      });
    }
    const stop = new Date();
    const took = (stop.getTime() - start.getTime()) / 1000;
    const stdout =
      args.seconds !== undefined ? `Paused for ${round2(took)} seconds` : `Paused for ${round2(took / 60)} minutes`;
    const data = {
      start: stamp(start),
      stop: stamp(stop),
      delta: Math.round(took),
      stdout,
      stderr: '',
      rc: 0,
      user_input: '',
      echo: args.echo ?? true,
    };
    const msg = wanted === undefined ? 'Not waiting for response to prompt as stdin is not interactive' : undefined;
    return { changes: [], data, msg };
  },
};

// Python's round(x, 2) printed: at least one decimal ("0.0", "1.01").
const round2 = (x: number): string => {
  const r = Math.round(x * 100) / 100;
  return Number.isInteger(r) ? r.toFixed(1) : String(r);
};

// Python's str(datetime.datetime.now()): "2026-12-07 17:36:10.180386" (local time).
function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`
  );
}
