// Ansible host patterns: `all`/`*`, a group, a host, `a:b` or `a,b` (union),
// `a:&b` (intersection), `a:!b` (exclusion), globs (`kube_*`), `~regex`, and
// subscripts of a group or host name: `etcd[0]`, `etcd[-1]`, `etcd[1:2]` (inclusive), `etcd[1:]`.
// As in Ansible, unions are taken first, then intersections, then exclusions,
// whatever their order in the pattern; a pattern of only `&`/`!` terms starts from all.

import { RunbookError } from '../errors.js';
import type { Inventory } from '../types/inventory.js';
import { distance } from 'fastest-levenshtein';

/** Host names matching `pattern`, in inventory order. Terms that name nothing are a usage error. */
export function selectHosts(inv: Inventory, pattern: string): string[] {
  return select(inv, pattern, `host pattern "${pattern}"`);
}

/**
 * Host names allowed by `--limit VALUE`: the same syntax as a host pattern, and
 * `@file` terms read host names or patterns from a file, one per line (# comments).
 */
export function parseLimit(inv: Inventory, value: string, readFile: (path: string) => string): string[] {
  const terms = splitPattern(value).flatMap((term) => {
    if (!term.startsWith('@')) return [term];
    const path = term.slice(1);
    let text: string;
    try {
      text = readFile(path);
    } catch (err) {
      throw new RunbookError('usage', `cannot read --limit file ${path}: ${(err as Error).message}`, {
        hint: 'give a readable file that lists one host name or pattern a line',
      });
    }
    return text
      .split(/\r?\n/)
      .map((l) => l.replace(/#.*/, '').trim())
      .filter((l) => l !== '');
  });
  if (terms.length === 0) throw new RunbookError('usage', `--limit "${value}" names no hosts`);
  return select(inv, terms.join(','), `--limit "${value}"`);
}

function select(inv: Inventory, pattern: string, what: string): string[] {
  const terms = splitPattern(pattern);
  if (terms.length === 0) throw new RunbookError('usage', `${what} is empty`, { hint: 'use "all" for every host' });
  const union = terms.filter((t) => !t.startsWith('&') && !t.startsWith('!'));
  let chosen = new Set<string>(union.length ? union.flatMap((t) => matchTerm(inv, t, what)) : listed(inv));
  for (const t of terms.filter((t) => t.startsWith('&'))) {
    const keep = new Set(matchTerm(inv, t.slice(1), what));
    chosen = new Set([...chosen].filter((h) => keep.has(h)));
  }
  for (const t of terms.filter((t) => t.startsWith('!')))
    for (const h of matchTerm(inv, t.slice(1), what)) chosen.delete(h);
  return [...inv.hosts.keys()].filter((h) => chosen.has(h));
}

// Split on "," or ":", but not on a ":" inside brackets (globs like node[1:3]).
function splitPattern(pattern: string): string[] {
  const terms: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of pattern) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if ((ch === ',' || ch === ':') && depth === 0) {
      terms.push(cur);
      cur = '';
    } else cur += ch;
  }
  terms.push(cur);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

/** Hosts of the inventory file, without the implicit localhost. */
function listed(inv: Inventory): string[] {
  return [...inv.hosts.values()].filter((h) => !h.implicit).map((h) => h.name);
}

// As Ansible: an index, or an inclusive range whose end may be left out.
// Only after a group or host name: elsewhere brackets are a glob's.
const SUBSCRIPT = /^(.+)\[(?:(-?\d+)|(\d+):(\d*))\]$/;

function matchTerm(inv: Inventory, term: string, what: string): string[] {
  const sub = SUBSCRIPT.exec(term);
  const base = sub?.[1];
  // On a name only: `node[45]` with no "node" group stays the glob it always was.
  if (!sub || base === undefined || !(base === 'all' || base === '*' || inv.groups.has(base) || inv.hosts.has(base)))
    return matchPlain(inv, term, what);
  const [, , index, start, end] = sub;
  const hosts = [...new Set(matchPlain(inv, base, what))];
  const at = (i: number): number => {
    const n = i < 0 ? hosts.length + i : i;
    if (n < 0 || n >= hosts.length) {
      throw new RunbookError(
        'usage',
        `${what}: "${term}" asks for host ${i} of "${base}", which has ${hosts.length} (${hosts.join(', ')})`,
        {
          hint: `indexes run from 0 to ${hosts.length - 1}, or -1 for the last; a range [a:b] includes both ends`,
        },
      );
    }
    return n;
  };
  if (index !== undefined) return [hosts[at(Number(index))] as string];
  const last = end === '' || end === undefined ? hosts.length - 1 : Math.min(Number(end), hosts.length - 1);
  return hosts.slice(at(Number(start)), last + 1);
}

function matchPlain(inv: Inventory, term: string, what: string): string[] {
  if (term === 'all' || term === '*') return listed(inv);
  const matcher = term.startsWith('~') ? regexMatcher(term, what) : /[*?[]/.test(term) ? globMatcher(term) : undefined;
  if (!matcher) {
    if (inv.groups.has(term)) return membersOf(inv, term);
    if (inv.hosts.has(term)) return [term];
    throw noMatch(inv, term, what);
  }
  const groups = [...inv.groups.keys()].filter(matcher);
  const hosts = listed(inv).filter(matcher);
  if (groups.length === 0 && hosts.length === 0) throw noMatch(inv, term, what);
  return [...groups.flatMap((g) => membersOf(inv, g)), ...hosts];
}

function membersOf(inv: Inventory, group: string): string[] {
  return [...inv.hosts.values()].filter((h) => h.groups.includes(group)).map((h) => h.name);
}

// Like Ansible (Python's re.match): anchored at the start only.
function regexMatcher(term: string, what: string): (name: string) => boolean {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${term.slice(1)})`);
  } catch (err) {
    throw new RunbookError(
      'usage',
      `${what}: invalid regular expression "${term.slice(1)}": ${(err as Error).message}`,
    );
  }
  return (name) => re.test(name);
}

// fnmatch: * ? [abc] [!abc], matching the whole name.
function globMatcher(glob: string): (name: string) => boolean {
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else if (ch === '[' && glob.indexOf(']', i + 1) > i + 1) {
      const end = glob.indexOf(']', i + 1);
      const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
      src += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
      i = end;
    } else src += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const re = new RegExp(`^${src}$`);
  return (name) => re.test(name);
}

function noMatch(inv: Inventory, term: string, what: string): RunbookError {
  const names = [...inv.groups.keys(), ...inv.hosts.keys()];
  const close = names
    .map((n) => ({ n, d: distance(term.toLowerCase(), n.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(term.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  const groups = [...inv.groups.keys()];
  const shown = groups.slice(0, 8).join(', ') + (groups.length > 8 ? `, … (${groups.length - 8} more)` : '');
  return new RunbookError(
    'usage',
    `${what}: no group or host matches "${term}"${close ? `; did you mean "${close.n}"?` : ''}`,
    {
      hint: `groups in ${inv.sources.join(', ')}: ${shown}`,
    },
  );
}
