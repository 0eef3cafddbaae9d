// Ansible's host ranges in inventory host names: node[1:3] → node1 node2 node3,
// node[01:10] → node01 … node10, rack[a:c]-n → racka-n … rackc-n, [1:10:2] steps.
import { isIPv6 } from 'node:net';

export type RangeResult = { hosts: string[] } | { error: string };

const RANGE = /\[([^\]]*)\]/;

/** More hosts than any real inventory has: a typo in a range ([1:100000000]) must not hang the run. */
const MAX_RANGE_HOSTS = 100_000;
const TOO_MANY = `gives more than ${MAX_RANGE_HOSTS} hosts`;

export function expandHostRange(name: string): RangeResult {
  const m = RANGE.exec(name);
  if (!m) return { hosts: [name] };
  const head = name.slice(0, m.index);
  const tail = name.slice(m.index + m[0].length);
  const items = expandBracket(m[1] ?? '');
  if ('error' in items) return { error: `bad host range "${m[0]}" in "${name}": ${items.error}` };
  const out: string[] = [];
  for (const item of items.hosts) {
    // The tail may hold another range: node[1:2]-disk[a:b].
    const rest = expandHostRange(tail);
    if ('error' in rest) return rest;
    if (items.hosts.length * rest.hosts.length > MAX_RANGE_HOSTS) return { error: `host range "${name}" ${TOO_MANY}` };
    for (const t of rest.hosts) out.push(head + item + t);
  }
  return { hosts: out };
}

function expandBracket(body: string): RangeResult {
  const parts = body.split(':');
  if (parts.length < 2 || parts.length > 3) return { error: 'write [start:end] or [start:end:step]' };
  const [begin = '', end = '', stepText = '1'] = parts;
  const step = Number(stepText);
  if (!Number.isInteger(step) || step < 1) return { error: `step "${stepText}" is not a positive whole number` };
  if (/^[a-z]$/i.test(begin) && /^[a-z]$/i.test(end)) return letters(begin, end, step);
  const start = begin === '' ? '0' : begin;
  if (!/^\d+$/.test(start) || !/^\d+$/.test(end))
    return { error: 'start and end must both be numbers or both single letters' };
  // A leading zero asks for fixed-width names; start and end must then agree on the width.
  const width = start.length > 1 && start.startsWith('0') ? start.length : 0;
  if (width && end.length !== width) return { error: `"${start}" and "${end}" must have the same number of digits` };
  const from = Number(start);
  const to = Number(end);
  if (from > to) return { error: `start ${start} is after end ${end}` };
  if ((to - from) / step >= MAX_RANGE_HOSTS) return { error: TOO_MANY };
  const hosts: string[] = [];
  for (let i = from; i <= to; i += step) hosts.push(String(i).padStart(width, '0'));
  return { hosts };
}

function letters(begin: string, end: string, step: number): RangeResult {
  const from = begin.charCodeAt(0);
  const to = end.charCodeAt(0);
  if (from > to) return { error: `start ${begin} is after end ${end}` };
  const hosts: string[] = [];
  for (let c = from; c <= to; c += step) hosts.push(String.fromCharCode(c));
  return { hosts };
}

export type HostPatternResult = { hosts: string[]; port?: number } | { error: string };

/**
 * A host entry as Ansible reads it in YAML and INI inventories: a name or a
 * range, with an optional port (node1:2222, db[01:03]:5432). A name with
 * several colons outside brackets is an IPv6 address, not a name and a port.
 */
export function expandHostPattern(pattern: string): HostPatternResult {
  const hidden = HIDDEN.exec(pattern)?.[0];
  if (hidden !== undefined) {
    const code = `U+${hidden.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      error: `host name "${escapeHidden(pattern)}" holds the invisible character ${code}, which no host name has`,
    };
  }
  // An IPv6 address with a port is written in brackets, as Ansible reads it: [::1]:2222 is host "::1".
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(pattern);
  if (v6 && isIPv6(v6[1] as string)) return { hosts: [v6[1] as string], port: Number(v6[2]) };
  if (pattern.endsWith(':'))
    return { error: `"${pattern}" ends with ":": write the port after it (node1:2222) or leave the colon out` };
  const m = /^(.+):(\d+)$/.exec(pattern);
  const withPort = m && !(m[1] as string).replace(RANGE_ALL, '').includes(':');
  const expanded = expandHostRange(withPort ? (m[1] as string) : pattern);
  if ('error' in expanded || !withPort) return expanded;
  return { hosts: expanded.hosts, port: Number(m[2]) };
}

const RANGE_ALL = /\[[^\]]*\]/g;

// Control characters, and the bidirectional controls that make a name read
// otherwise than it is (U+202E turns "node1\u202Egpj.exe" around on a screen).
const HIDDEN = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'g');

/** The text with every such character written as \u escape, safe to show. */
export function escapeHidden(text: string): string {
  return text.replace(HIDDEN_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** What to tell someone whose host entry could not be read. */
export const HOST_PATTERN_HINT =
  'ranges look like node[1:3] or node[01:10]; a port follows a colon: node1:2222, or [::1]:2222 for an IPv6 address';
