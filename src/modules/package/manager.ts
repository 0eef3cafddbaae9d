// What every package manager the `package` module drives offers, and which one a
// host has. The module decides from these reads; a manager only knows its own
// command lines and output formats.
import type { Connection } from '../../transport/connection.js';

export type ManagerName = 'apt' | 'dnf' | 'yum';

/** What the repositories offer for one package. */
export interface Available {
  /** The version `install` would pick; undefined when none can be installed. */
  candidate?: string;
  /** Every version the repositories hold (filled only when a version is pinned). */
  versions: string[];
}

export interface PackageManager {
  name: ManagerName;
  /** The command that refreshes the repository metadata (apt-get update / dnf makecache). */
  updateCache: string;
  /** Installed version of each package that is installed; absent names are not installed. */
  installed(conn: Connection, names: string[]): Promise<Map<string, string>>;
  /** What the repositories offer; `allVersions` also lists every version (for a pin). */
  available(conn: Connection, names: string[], allVersions: boolean): Promise<Map<string, Available>>;
  /** Whether an installed or offered version is the one a pin asks for. */
  matches(pin: string, version: string): boolean;
  /** One install argument: the package at a version, spelled as this manager wants it. */
  spec(name: string, version?: string): string;
  /** Installs (or moves to) the given specs in one transaction. */
  installCommand(specs: string[]): string;
  removeCommand(names: string[]): string;
}

/** The manager's last output lines, quoted in a failure message. */
export function lastLines(stdout: string, stderr: string, count = 12): string {
  const lines = `${stdout}\n${stderr}`
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean);
  return lines.slice(-count).join('\n');
}

// Debian-like hosts try apt first, every other host dnf, then yum: a Debian node
// with the dnf package installed (it exists there) must still get apt.
const DEBIAN_LIKE = /^(debian|ubuntu)$/;

/**
 * The manager a host uses: by /etc/os-release's ID and ID_LIKE, then by which
 * commands exist. Undefined when it has none of apt-get, dnf or yum.
 */
export async function detectManager(conn: Connection): Promise<ManagerName | undefined> {
  const r = await conn.exec(
    'cat /etc/os-release 2>/dev/null; echo @@; ' +
      'for c in apt-get dpkg-query dnf yum rpm; do command -v "$c" >/dev/null 2>&1 && echo "have $c"; done; true',
  );
  const [osRelease = '', commands = ''] = r.stdout.split('@@\n');
  const have = new Set([...commands.matchAll(/^have (\S+)$/gm)].map((m) => m[1]!));
  const family = [...osRelease.matchAll(/^(?:ID|ID_LIKE)=["']?([^"'\n]*)/gm)].flatMap((m) => m[1]!.split(/\s+/));
  const present: Record<ManagerName, boolean> = {
    apt: have.has('apt-get') && have.has('dpkg-query'),
    dnf: have.has('dnf') && have.has('rpm'),
    yum: have.has('yum') && have.has('rpm'),
  };
  const order: ManagerName[] = family.some((w) => DEBIAN_LIKE.test(w)) ? ['apt', 'dnf', 'yum'] : ['dnf', 'yum', 'apt'];
  return order.find((m) => present[m]);
}
