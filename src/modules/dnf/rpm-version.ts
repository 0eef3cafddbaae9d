// rpm's version order (rpmvercmp and labelCompare), so the dnf module can tell, as Ansible's
// does, that a pinned version is older than the one installed without asking the host.
import type { Rpm } from './rpm-query.js';

const SEGMENT = /[A-Za-z0-9~^]/;

/** rpmvercmp: 1 when a is newer, -1 when b is, 0 when equal; ~ sorts before anything, ^ after. */
export function rpmVerCmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !SEGMENT.test(a[i]!)) i++;
    while (j < b.length && !SEGMENT.test(b[j]!)) j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = /[0-9]/.test(a[i]!);
    const run = numeric ? /^[0-9]+/ : /^[A-Za-z]+/;
    const x = run.exec(a.slice(i))![0];
    const y = run.exec(b.slice(j))?.[0];
    // A number against letters: the number is newer.
    if (y === undefined) return numeric ? 1 : -1;
    i += x.length;
    j += y.length;
    const [p, q] = numeric ? [x.replace(/^0+/, ''), y.replace(/^0+/, '')] : [x, y];
    if (numeric && p.length !== q.length) return p.length > q.length ? 1 : -1;
    if (p !== q) return p > q ? 1 : -1;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

const epochOf = (e: string | undefined) => (!e || e === '(none)' ? '0' : e);

/** labelCompare: epoch, then version, then release. */
export function evrCmp(a: Omit<Rpm, 'name' | 'arch'>, b: Omit<Rpm, 'name' | 'arch'>): number {
  return (
    rpmVerCmp(epochOf(a.epoch), epochOf(b.epoch)) || rpmVerCmp(a.version, b.version) || rpmVerCmp(a.release, b.release)
  );
}

// Ansible 2.14's dnf reads a spec as name-[epoch:]version-release[.arch] only when all of
// name, version and release are there and the version starts with a digit; otherwise
// (a bare name, name-version) it does no version check and dnf decides.
const NEVR = /^(\S+)-(?:(\d*):)?(.*)-(~?\w+[\w.+]*)$/;
const ARCHES = /\.(noarch|x86_64|i[3-6]86|aarch64|armv7hl|ppc64le|s390x|src)$/;

/** The name, epoch, version and release a spec pins, or undefined when it pins no full version. */
export function pinnedVersion(spec: string): Omit<Rpm, 'arch'> | undefined {
  const m = NEVR.exec(spec.replace(/\.rpm$/, '').replace(ARCHES, ''));
  if (!m || !/^\d/.test(m[3]!)) return undefined;
  return { name: m[1]!, epoch: m[2] || '0', version: m[3]!, release: m[4]! };
}
