// apt on Debian and Ubuntu: dpkg-query says what is installed, `apt-cache policy`
// what the repositories offer (its candidate is exactly what `apt-get install`
// picks, pins and priorities included). Pins are spelled `name=VERSION`.
import { shellJoin } from '../../quote.js';
import { readDpkg } from '../apt/dpkg-state.js';
import { lastLines, type Available, type PackageManager } from './manager.js';

// No prompts, ever: debconf questions take their defaults, and a changed config
// file the package also ships keeps the admin's copy (as `apt-get -y` alone would
// stop and ask). LC_ALL=C: the output parsed below is apt's English.
const ENV = 'DEBIAN_FRONTEND=noninteractive LC_ALL=C';
// A node fresh from boot often has unattended-upgrades holding dpkg's lock: wait
// for it rather than fail (older apt ignores the unknown option).
const LOCK_WAIT = '-o DPkg::Lock::Timeout=120';
const APT_GET = `${ENV} apt-get -y -q ${LOCK_WAIT} -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold`;

/** `foo:amd64` → `foo`: dpkg-query and apt-cache print the bare name for the native architecture. */
const bare = (name: string) => name.replace(/:.*/, '');

export const apt: PackageManager = {
  name: 'apt',
  updateCache: `${ENV} apt-get -q ${LOCK_WAIT} update`,

  async installed(conn, names) {
    // A removed package whose config files stay (config-files) is not installed.
    const dpkg = await readDpkg(conn, names);
    return new Map([...dpkg].filter(([, e]) => e.state === 'installed').map(([n, e]) => [n, e.version]));
  },

  async available(conn, names) {
    const r = await conn.exec(`${ENV} apt-cache policy ${shellJoin(names)}`);
    if (r.rc !== 0)
      throw new Error(`apt-cache policy failed on ${conn.host} (exit code ${r.rc}):\n${lastLines(r.stdout, r.stderr)}`);
    return parsePolicy(r.stdout, names);
  },

  matches: (pin, version) => pin === version,
  spec: (name, version) => (version === undefined ? name : `${name}=${version}`),
  // --allow-downgrades: a pin below the installed version is what the task asked for.
  installCommand: (specs) => `${APT_GET} --allow-downgrades install ${shellJoin(specs)}`,
  removeCommand: (names) => `${APT_GET} remove ${shellJoin(names)}`,
};

/**
 * Reads `apt-cache policy` blocks. A package apt knows nothing of prints no block;
 * one it knows but cannot install says `Candidate: (none)`.
 */
export function parsePolicy(text: string, names: string[]): Map<string, Available> {
  const out = new Map<string, Available>();
  let current: Available | undefined;
  for (const line of text.split('\n')) {
    const head = /^(\S+):$/.exec(line);
    if (head) {
      current = { versions: [] };
      for (const n of names) if (bare(n) === bare(head[1]!)) out.set(n, current);
      continue;
    }
    if (!current) continue;
    const candidate = /^ {2}Candidate: (\S+)$/.exec(line);
    if (candidate && candidate[1] !== '(none)') current.candidate = candidate[1];
    // Version table rows: "     2.0 500", " *** 1.0 100" (installed); their sources are indented further.
    const row = /^(?: {5}| \*{3} )(\S+) -?\d+$/.exec(line);
    if (row) current.versions.push(row[1]!);
  }
  return out;
}
