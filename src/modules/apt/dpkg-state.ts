// What dpkg knows of named packages: installed (or only config files left after
// a remove), at which version; and which of them apt has marked automatic.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';

export interface DpkgEntry {
  version: string;
  /** `config-files`: removed, its configuration still there (what purge would take). */
  state: 'installed' | 'config-files';
}

const ENV = 'DEBIAN_FRONTEND=noninteractive LC_ALL=C';

/** `foo:amd64` → `foo`: dpkg-query prints the bare name for the native architecture. */
export const bareName = (name: string) => name.replace(/:.*/, '');

export async function readDpkg(conn: Connection, names: string[]): Promise<Map<string, DpkgEntry>> {
  const out = new Map<string, DpkgEntry>();
  if (names.length === 0) return out;
  const r = await conn.exec(
    `${ENV} dpkg-query -W -f='\${Package}\\t\${Status}\\t\${Version}\\n' ${shellJoin(names)} 2>/dev/null; true`,
  );
  for (const [, pkg, status, version] of r.stdout.matchAll(/^([^\t\n]+)\t([^\t\n]*)\t([^\t\n]*)$/gm)) {
    const state = / installed$/.test(status!)
      ? 'installed'
      : / config-files$/.test(status!)
        ? 'config-files'
        : undefined;
    if (!state) continue;
    for (const n of names) if (bareName(n) === pkg) out.set(n, { version: version!, state });
  }
  return out;
}

/** The named packages apt has marked automatic (installed only as a dependency). */
export async function autoMarked(conn: Connection, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const r = await conn.exec(`${ENV} apt-mark showauto ${shellJoin(names.map(bareName))} 2>/dev/null; true`);
  const auto = new Set(
    r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return new Set(names.filter((n) => auto.has(bareName(n))));
}

/**
 * As Ansible's apt module (and `apt-get install` of an installed package): a
 * package asked for by name is the admin's, even if a dependency brought it.
 * Returns why it failed, or undefined.
 */
export async function markManual(conn: Connection, names: string[]): Promise<string | undefined> {
  const auto = [...(await autoMarked(conn, names))];
  if (auto.length === 0) return undefined;
  const r = await conn.exec(`LC_ALL=C apt-mark manual ${shellJoin(auto.map(bareName))}`);
  return r.rc === 0 ? undefined : `apt-mark manual failed: ${r.stderr.trim()}`;
}
