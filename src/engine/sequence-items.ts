// with_sequence → its items, as Ansible's sequence lookup counts them: key=value
// (`start=0 end=6 stride=2 format=%02x`, or `count=` instead of `end=`) or the
// short form `[start-]end[/stride][:format]`; numbers as Python's int(x, 0) reads
// them; `end` included; each item the number written with `format` (default %d).
import { RunbookError, type SourcePos } from '../errors.js';

interface Sequence {
  start: number;
  end?: number;
  count?: number;
  stride: number;
  format: string;
}

const SHORT = /^(?:([0-9a-fA-Fx]+)-)?([0-9a-fA-Fx]+)(?:\/(-?[0-9a-fA-Fx]+))?(?::(.+))?$/;

export function sequenceItems(value: unknown, source: SourcePos): string[] {
  const fail = (msg: string): never => {
    throw new RunbookError('playbook', `with_sequence: ${msg}`, {
      source,
      hint: 'start=0 end=6 stride=2 format=%02x, count=5 instead of end, or the short form "0-6/2:%02x"',
    });
  };
  const spec = parse(String(value).trim(), fail);
  if (spec.count !== undefined && spec.end !== undefined) fail("can't give both count and end");
  const end = spec.count !== undefined ? spec.start + spec.count * spec.stride - 1 : spec.end;
  if (end === undefined) fail('give count or end');
  const last = end as number;
  if (spec.stride > 0 && last < spec.start) fail('to count backwards make stride negative');
  if (spec.stride < 0 && last > spec.start) fail("to count forward don't make stride negative");
  const items: string[] = [];
  if (spec.stride === 0) return items;
  for (let i = spec.start; spec.stride > 0 ? i <= last : i >= last; i += spec.stride)
    items.push(printf(spec.format, i));
  return items;
}

function parse(text: string, fail: (msg: string) => never): Sequence {
  const spec: Sequence = { start: 1, stride: 1, format: '%d' };
  const short = text.includes('=') ? null : SHORT.exec(text);
  if (short) {
    const [, start, end, stride, format] = short;
    if (start !== undefined) spec.start = int(start, fail);
    spec.end = int(end as string, fail);
    if (stride !== undefined) spec.stride = int(stride, fail);
    if (format !== undefined) spec.format = format;
    return spec;
  }
  for (const word of text.split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq < 0) fail(`can't read "${text}"`);
    const [key, v] = [word.slice(0, eq), word.slice(eq + 1)];
    if (key === 'format') spec.format = v;
    else if (key === 'start' || key === 'end' || key === 'count' || key === 'stride') spec[key] = int(v, fail);
    else fail(`unknown argument "${key}"`);
  }
  return spec;
}

// Python's int(x, 0): decimal, 0x hex, 0o octal.
function int(text: string, fail: (msg: string) => never): number {
  const n =
    /^-?0[xX]/.test(text) || /^-?0[oO]/.test(text)
      ? Number(text.replace(/^(-?)/, '')) * (text.startsWith('-') ? -1 : 1)
      : Number(text);
  if (!Number.isInteger(n)) fail(`"${text}" is not a whole number`);
  return n;
}

// Python's `format % i` for the conversions a sequence uses: %d %i %x %X %o %s, with flags and width.
function printf(format: string, n: number): string {
  return format.replace(/%([-0 +#]*)(\d*)([diouxXs%])/g, (_m, flags: string, width: string, conv: string) => {
    if (conv === '%') return '%';
    const digits =
      conv === 'x'
        ? Math.abs(n).toString(16)
        : conv === 'X'
          ? Math.abs(n).toString(16).toUpperCase()
          : conv === 'o'
            ? Math.abs(n).toString(8)
            : String(Math.abs(n));
    const sign = n < 0 ? '-' : flags.includes('+') ? '+' : '';
    const w = Number(width || 0);
    if (flags.includes('-')) return (sign + digits).padEnd(w);
    if (flags.includes('0')) return sign + digits.padStart(w - sign.length, '0');
    return (sign + digits).padStart(w);
  });
}
