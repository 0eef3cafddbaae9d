// apt's `upgrade` as ansible-core 2.14 runs it without aptitude (Debian does not
// install it): yes/safe → `apt-get upgrade --with-new-pkgs`, full/dist →
// `apt-get dist-upgrade`; under --check the same with --simulate. Whether
// anything changed is read from apt-get's summary line, as Ansible reads it.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';

export type UpgradeMode = 'yes' | 'safe' | 'full' | 'dist';

const SUMMARY = /(\d+) upgraded, (\d+) newly installed, (\d+) to remove/;

export interface UpgradeOutcome {
  changed: boolean;
  rc: number;
  stdout: string;
  stderr: string;
  /** The packages apt-get listed as upgraded ("Inst NAME [OLD] (NEW …)" under --simulate). */
  line: string;
}

export async function runUpgrade(
  conn: Connection,
  mode: UpgradeMode,
  words: string[],
  simulate: boolean,
): Promise<UpgradeOutcome> {
  const verb = mode === 'full' || mode === 'dist' ? ['dist-upgrade'] : ['upgrade', '--with-new-pkgs'];
  const argv = [...words, ...(simulate ? ['--simulate'] : []), ...verb];
  const line = `DEBIAN_FRONTEND=noninteractive LC_ALL=C ${shellJoin(argv)}`;
  const r = await conn.exec(line);
  const m = SUMMARY.exec(r.stdout);
  const changed = m !== null && (Number(m[1]) > 0 || Number(m[2]) > 0 || Number(m[3]) > 0);
  return { changed, rc: r.rc, stdout: r.stdout, stderr: r.stderr, line };
}
