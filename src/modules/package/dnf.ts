// dnf, and yum (on EL8 and later `yum` is dnf under another name): rpm says what
// is installed, `repoquery` what the repositories offer. Pins are spelled
// `name-VERSION`, where VERSION is `1.6.20`, `1.6.20-1.el9` or `1:1.6.20-1.el9`.
import { shellJoin } from '../../quote.js';
import { lastLines, type Available, type ManagerName, type PackageManager } from './manager.js';

interface Evr {
  epoch: string;
  version: string;
  release: string;
}

// A marker before each entry: dnf 4 and dnf 5 differ in how they end a query-format line.
const QF = '@@%{name} %{epoch} %{version} %{release}\\n';
const ENTRY = /@@(\S+) (\S+) (\S+) (\S+)/g;

/** How dnf prints a version: epoch only when it is not 0. */
const evrText = (e: Evr) => `${e.epoch === '0' || e.epoch === '(none)' ? '' : `${e.epoch}:`}${e.version}-${e.release}`;

function rpmFamily(name: Extract<ManagerName, 'dnf' | 'yum'>): PackageManager {
  const run = `LC_ALL=C ${name} -y -q`;
  return {
    name,
    updateCache: `LC_ALL=C ${name} -q makecache`,

    async installed(conn, names) {
      const r = await conn.exec(
        `LC_ALL=C rpm -q --qf '@@%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE}\\n' ${shellJoin(names)}; true`,
      );
      const found = new Map<string, string>();
      for (const [, pkg, epoch, version, release] of r.stdout.matchAll(ENTRY)) {
        if (names.includes(pkg!)) found.set(pkg!, evrText({ epoch: epoch!, version: version!, release: release! }));
      }
      return found;
    },

    async available(conn, names, allVersions) {
      // --latest-limit 1: the newest of each package, which is what install picks.
      const limit = allVersions ? '' : '--latest-limit 1 ';
      const r = await conn.exec(`LC_ALL=C ${name} -q repoquery ${limit}--qf '${QF}' ${shellJoin(names)}`);
      if (r.rc !== 0)
        throw new Error(
          `${name} repoquery failed on ${conn.host} (exit code ${r.rc}):\n${lastLines(r.stdout, r.stderr)}`,
        );
      const out = new Map<string, Available>();
      for (const [, pkg, epoch, version, release] of r.stdout.matchAll(ENTRY)) {
        if (!names.includes(pkg!)) continue;
        const entry = out.get(pkg!) ?? { versions: [] };
        const text = evrText({ epoch: epoch!, version: version!, release: release! });
        entry.versions.push(text);
        // With --latest-limit 1 the one entry is the newest: what install picks.
        if (!allVersions) entry.candidate = text;
        out.set(pkg!, entry);
      }
      return out;
    },

    // `1.6.20` pins every release of 1.6.20, as `dnf install name-1.6.20` does.
    matches(pin, version) {
      const noEpoch = version.replace(/^\d+:/, '');
      return pin === version || pin === noEpoch || pin === noEpoch.replace(/-[^-]*$/, '');
    },
    spec: (pkg, version) => (version === undefined ? pkg : `${pkg}-${version}`),
    // dnf install of another version of an installed package moves to it (up or down).
    installCommand: (specs) => `${run} install ${shellJoin(specs)}`,
    removeCommand: (names) => `${run} remove ${shellJoin(names)}`,
  };
}

export const dnf = rpmFamily('dnf');
export const yum = rpmFamily('yum');
