// The conversions of the int, float and bool filters, as Jinja and Ansible do
// them: int and float give 0 for what they cannot read (so `out | int` works on
// an empty stdout); bool reads yes/no, true/false, on/off, 1/0 ('' is false) and refuses the rest.
import { Fault } from './fault.js';
import { typeName } from './values.js';

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return 0;
  const s = v.trim().replace(/_/g, '');
  if (FLOAT.test(s)) return Number(s);
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (!special) return 0;
  return special[2]?.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
}

export function toInt(v: unknown): number {
  if (typeof v === 'string' && INT.test(v.trim())) return Number(v.trim());
  const f = toFloat(v);
  return Number.isFinite(f) ? Math.trunc(f) : 0;
}

const TRUE = new Set(['yes', 'on', 'true', '1']);
const FALSE = new Set(['no', 'off', 'false', '0']);

export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    // As Ansible's bool filter: '' | bool is false (an empty stdout, an unset env var).
    if (s === '') return false;
    if (TRUE.has(s)) return true;
    if (FALSE.has(s)) return false;
  }
  const shown = typeof v === 'string' ? `"${v}"` : typeName(v);
  throw new Fault(`cannot read ${shown} as a boolean`, {
    hint: 'bool reads yes/no, true/false, on/off and 1/0 (any case)',
  });
}
