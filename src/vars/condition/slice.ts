// Python's slices, `x[a:b]`, `x[1::]`, `x[::-1]`, of a list or a string (Kubespray's
// `splitted[1::]`), with Python's clamping of bounds and negative indices and steps.
import { Fault } from './fault.js';
import { typeName } from './values.js';

function bound(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new Fault(`slice ${what} must be a whole number or none, got ${typeName(v)}`);
}

/** The indices of `range(len)[lower:upper:step]`, as Python's slice.indices. */
function indices(len: number, lower: number | undefined, upper: number | undefined, step: number): number[] {
  const clamp = (i: number, lo: number, hi: number) => Math.min(Math.max(i < 0 ? i + len : i, lo), hi);
  const out: number[] = [];
  if (step > 0) {
    const [from, to] = [
      lower === undefined ? 0 : clamp(lower, 0, len),
      upper === undefined ? len : clamp(upper, 0, len),
    ];
    for (let i = from; i < to; i += step) out.push(i);
  } else {
    const from = lower === undefined ? len - 1 : clamp(lower, -1, len - 1);
    const to = upper === undefined ? -1 : clamp(upper, -1, len - 1);
    for (let i = from; i > to; i += step) out.push(i);
  }
  return out;
}

export function sliceOf(v: unknown, lower: unknown, upper: unknown, step: unknown): unknown {
  const st = bound(step, 'step') ?? 1;
  if (st === 0) throw new Fault('slice step cannot be zero');
  const [lo, up] = [bound(lower, 'start'), bound(upper, 'stop')];
  if (typeof v === 'string') {
    const chars = [...v];
    return indices(chars.length, lo, up, st)
      .map((i) => chars[i])
      .join('');
  }
  if (Array.isArray(v)) return indices(v.length, lo, up, st).map((i) => v[i]);
  throw new Fault(`a slice needs a list or a string, got ${typeName(v)}`);
}
