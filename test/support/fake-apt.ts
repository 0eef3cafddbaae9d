// UNIT-TEST FIXTURE: a Debian host's apt and dpkg as data, for the package
// module's decision table on a fake host (fake-connection.ts). It answers the
// manager detection, `dpkg-query -W`, `apt-cache policy`, `apt-mark` and `apt-get install /
// remove` in the formats apt prints (as test/modules/package-apt.test.ts sees
// them from the real apt on a lab host), and installing changes what dpkg says.
import shellQuote from 'shell-quote';
import type { CommandAnswer } from './fake-commands.js';

export interface AptState {
  /** Installed package → version. */
  installed: Record<string, string>;
  /** Package → the versions the repositories offer, newest (the candidate) first. */
  offered: Record<string, string[]>;
  /** Packages whose install fails, as a postinst that exits 1 does. */
  broken?: string[];
  /** Installed packages marked automatically installed (apt-mark showauto lists them); the rest are manual. */
  auto?: string[];
}

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';

/** The answers; `state` changes as apt-get installs and removes. */
export function aptAnswers(state: AptState): CommandAnswer {
  return (command) => {
    if (command.startsWith('cat /etc/os-release 2>/dev/null; echo @@;'))
      return { stdout: `${OS_RELEASE}@@\nhave apt-get\nhave dpkg-query\n` };
    const words = shellQuote.parse(command).filter((t): t is string => typeof t === 'string');
    const tool = words.find((w) => !/^[A-Z_]+=/.test(w));
    const names = words.filter(
      (w) =>
        /^[a-z0-9][a-z0-9.+-]*(=\S+)?$/.test(w) &&
        !['install', 'remove', 'update', 'policy', 'true', 'showauto', 'manual'].includes(w) &&
        w !== tool,
    );
    if (tool === 'dpkg-query') {
      return {
        stdout: names
          .flatMap((n) => (state.installed[n] ? [`${n}\tinstall ok installed\t${state.installed[n]}\n`] : []))
          .join(''),
      };
    }
    if (tool === 'apt-mark' && words.includes('showauto'))
      return {
        stdout: names
          .filter((n) => state.auto?.includes(n) && state.installed[n])
          .map((n) => `${n}\n`)
          .join(''),
      };
    if (tool === 'apt-mark' && words.includes('manual')) {
      state.auto = (state.auto ?? []).filter((n) => !names.includes(n));
      return { stdout: names.map((n) => `${n} set to manually installed.\n`).join('') };
    }
    if (tool === 'apt-cache') return { stdout: names.flatMap((n) => policy(n, state)).join('') };
    if (tool === 'apt-get' && words.includes('install')) {
      const bad = names.find((s) => state.broken?.includes(s.split('=')[0]!));
      if (bad) return { rc: 100, stderr: `E: Sub-process /usr/bin/dpkg returned an error code (1)\n` };
      for (const s of names) {
        const [n, v] = s.split('=') as [string, string | undefined];
        state.installed[n] = v ?? state.offered[n]![0]!;
      }
      return { stdout: `Setting up ${names.join(', ')} ...\n` };
    }
    if (tool === 'apt-get' && words.includes('remove')) {
      for (const n of names) delete state.installed[n];
      return { stdout: `Removing ${names.join(', ')} ...\n` };
    }
    return undefined;
  };
}

function policy(name: string, state: AptState): string[] {
  const versions = state.offered[name];
  const installed = state.installed[name];
  if (!versions && !installed) return [];
  const rows = (versions ?? []).map(
    (v) => `${v === installed ? ' *** ' : '     '}${v} 500\n        500 file:/srv/repo ./ Packages\n`,
  );
  return [
    `${name}:\n  Installed: ${installed ?? '(none)'}\n  Candidate: ${versions?.[0] ?? '(none)'}\n  Version table:\n${rows.join('')}`,
  ];
}
