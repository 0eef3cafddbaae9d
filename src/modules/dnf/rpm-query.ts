// What the dnf module reads: rpm for what is installed, `dnf repoquery` for what
// the enabled repositories offer, each per package spec as the user wrote it
// (name, name-1.0, name-1.0-1.el9, name.noarch: rpm and dnf resolve the forms).
import type { Connection } from '../../transport/connection.js';
import { shellJoin } from '../../quote.js';

export interface Rpm {
  name: string;
  epoch: string;
  version: string;
  release: string;
  arch: string;
}

// A marker before each entry and one before each spec, so one shell line answers for all specs.
// rpm's tags and dnf's differ in case and in the epoch's name (rpm's EPOCH is "(none)" when unset).
const RPM_QF = '@@%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH}\\n';
const DNF_QF = '@@%{name} %{epoch} %{version} %{release} %{arch}\\n';
const SPEC = /^##(.*)$/;
const ENTRY = /^@@(\S+) (\S+) (\S+) (\S+) (\S+)$/;

/** How dnf names a package in its results: name-[epoch:]version-release.arch. */
export const nevra = (p: Rpm) =>
  `${p.name}-${p.epoch === '0' || p.epoch === '(none)' ? '' : `${p.epoch}:`}${p.version}-${p.release}.${p.arch}`;

function bySpec(stdout: string): Map<string, Rpm[]> {
  const out = new Map<string, Rpm[]>();
  let current: Rpm[] | undefined;
  for (const line of stdout.split('\n')) {
    const spec = SPEC.exec(line);
    if (spec) {
      current = [];
      out.set(spec[1]!, current);
    }
    const e = ENTRY.exec(line);
    if (e && current) current.push({ name: e[1]!, epoch: e[2]!, version: e[3]!, release: e[4]!, arch: e[5]! });
  }
  return out;
}

/** Installed packages matching each spec (rpm -q resolves name-version forms itself). */
export async function installedBySpec(conn: Connection, specs: string[]): Promise<Map<string, Rpm[]>> {
  const r = await conn.exec(
    `for s in ${shellJoin(specs)}; do echo "##$s"; LC_ALL=C rpm -q --qf '${RPM_QF}' "$s" 2>/dev/null; done; true`,
  );
  return bySpec(r.stdout);
}

/**
 * The newest package each spec resolves to in the repositories (what `dnf install SPEC` picks),
 * or an error text when dnf cannot read them.
 */
export async function offeredBySpec(
  conn: Connection,
  dnf: string,
  options: string[],
  specs: string[],
): Promise<Map<string, Rpm | undefined> | { error: string }> {
  const query = `LC_ALL=C ${dnf} -q ${shellJoin(options)} repoquery --latest-limit 1 --qf '${DNF_QF}'`;
  const r = await conn.exec(`set -e; for s in ${shellJoin(specs)}; do echo "##$s"; ${query} "$s"; done`);
  if (r.rc !== 0) return { error: `${r.stdout}\n${r.stderr}`.trim() };
  const found = bySpec(r.stdout);
  return new Map(specs.map((s) => [s, found.get(s)?.at(-1)]));
}
