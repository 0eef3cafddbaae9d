// UNIT-TEST FIXTURE: the commands a fake host (fake-connection.ts) answers by
// itself, from its data, in the forms runbook's facts and modules send them:
// users and groups, `systemctl show` and the systemctl verbs (which change the
// unit's state, so a re-plan after apply sees the new state), touch, rm -rf,
// and the creates:/removes: glob test. Anything else needs an answer of the test's own.
import picomatch from 'picomatch';
import shellQuote from 'shell-quote';
import type { ExecResult } from '../../src/transport/connection.js';
import type { FakeConnection } from './fake-connection.js';
import { unitName } from './fake-connection.js';

/** A unit as `systemctl show` gives it; `startFails` makes start/restart fail as a unit that dies. */
export interface FakeUnit {
  LoadState?: string;
  ActiveState?: string;
  UnitFileState?: string;
  startFails?: boolean;
  /** The unit file was written but systemd loads it only at the next daemon-reload. */
  loadsOnReload?: boolean;
}

/** An answer for the commands it recognises; undefined lets the next answer try. */
export type CommandAnswer = (command: string, host: FakeConnection) => Partial<ExecResult> | undefined;

/** An answer for one exact command line, or for every line a pattern matches. */
export function answer(match: string | RegExp, result: Partial<ExecResult>): CommandAnswer {
  return (command) => ((typeof match === 'string' ? command === match : match.test(command)) ? result : undefined);
}

/** The words of a simple command (up to its first operator), as the shell would split them. */
function words(command: string): string[] {
  const out: string[] = [];
  for (const t of shellQuote.parse(command)) {
    if (typeof t !== 'string') break;
    out.push(t);
  }
  return out;
}

const ids: CommandAnswer = (command, host) => {
  const w = words(command);
  if (w.join(' ') === `id -u -- ${w[3]}` && w.length === 4) {
    const id = host.users.get(w[3]!);
    return id === undefined ? { rc: 1, stderr: `id: '${w[3]}': no such user\n` } : { stdout: `${id}\n` };
  }
  if (w.length === 4 && w.slice(0, 3).join(' ') === 'getent group --') {
    const id = host.groups.get(w[3]!);
    return id === undefined ? { rc: 2 } : { stdout: `${w[3]}:x:${id}:\n` };
  }
  return undefined;
};

const SHOW = 'systemctl show -p LoadState,ActiveState,UnitFileState --';

const units: CommandAnswer = (command, host) => {
  const w = words(command);
  if (command === 'systemctl daemon-reload') {
    for (const u of host.units.values())
      if (u.loadsOnReload) Object.assign(u, { loadsOnReload: false, LoadState: 'loaded' });
    return {};
  }
  if (w.slice(0, 5).join(' ') === SHOW && w.length === 6) {
    const u = host.units.get(unitName(w[5]!));
    const seen = !u || u.loadsOnReload ? { LoadState: 'not-found', ActiveState: 'inactive', UnitFileState: '' } : u;
    // systemd's own order, not the one asked for.
    return {
      stdout: `ActiveState=${seen.ActiveState}\nLoadState=${seen.LoadState}\nUnitFileState=${seen.UnitFileState}\n`,
    };
  }
  const verb = /^systemctl (start|restart|stop|reload|enable|disable) -- /.exec(command)?.[1];
  if (!verb) return undefined;
  const name = unitName(w[3]!);
  const u = host.units.get(name);
  if (!u || u.loadsOnReload) return { rc: 5, stderr: `Failed to ${verb} ${name}: Unit ${name} not found.\n` };
  if (verb === 'enable' || verb === 'disable') u.UnitFileState = `${verb}d`;
  else if (verb === 'stop') u.ActiveState = 'inactive';
  else if ((verb === 'start' || verb === 'restart') && u.startFails) {
    u.ActiveState = 'failed';
    return { rc: 1, stdout: `× ${name}\n     Active: failed (Result: exit-code)\n` };
  } else u.ActiveState = 'active';
  return {};
};

const files: CommandAnswer = (command, host) => {
  const w = words(command);
  if (w.length === 4 && w.slice(0, 3).join(' ') === 'touch -c --') {
    host.touch(w[3]!); // -c: a missing file is left missing, and that is success
    return {};
  }
  if (w.length === 4 && w.slice(0, 3).join(' ') === 'rm -rf --') {
    host.removeTree(w[3]!);
    return {};
  }
  // runCommandPlan's glob test: `IFS=; p=PATTERN; for f in $p; do … exit 0; done; exit 1`.
  const glob = /^IFS=; p=(.*?); for f in \$p; do /.exec(command)?.[1];
  if (glob === undefined) return undefined;
  // shell-quote reads the quoted `\*` back as a glob token: either form is the pattern.
  const token = shellQuote.parse(glob)[0];
  const pattern =
    typeof token === 'string' ? token : token && 'op' in token && token.op === 'glob' ? token.pattern : undefined;
  if (pattern === undefined) return undefined;
  const isMatch = picomatch(pattern, { dot: false });
  return { rc: host.paths().some((p) => isMatch(p)) ? 0 : 1 };
};

/** The file module's one read of a path (src/modules/files/path-info.ts): `sh -c SCRIPT path-info PATH`. */
const pathInfo: CommandAnswer = (command, host) => {
  const w = words(command);
  if (w.length !== 5 || w[0] !== 'sh' || w[1] !== '-c' || w[3] !== 'path-info') return undefined;
  const at = host.entryAt(w[4]!);
  if (!at) return { stdout: 'absent\n' };
  const nameOf = (ids: Map<string, number>, id: number) => [...ids].find(([, v]) => v === id)?.[0] ?? String(id);
  const { own, followed } = at;
  const type =
    own.type === 'symlink'
      ? 'symbolic link'
      : own.type === 'directory'
        ? 'directory'
        : own.size === 0
          ? 'regular empty file'
          : 'regular file';
  // The fake has no hard links: every file has one link.
  const head = [
    type,
    own.mode.toString(8),
    own.uid,
    own.gid,
    nameOf(host.users, own.uid),
    nameOf(host.groups, own.gid),
    own.size,
    1,
  ].join('|');
  const lines = [head, followed ? `1:${followed.id}` : '', ...(own.type === 'symlink' ? [own.target ?? ''] : [])];
  return { stdout: `${lines.join('\n')}\n` };
};

/**
 * `backup: true`'s copy (src/modules/files/backup-file.ts): `sh -c SCRIPT backup-local PATH` copies PATH
 * with its mode and owner to Ansible's name, here always pid 4242 at the fake's clock (2026-01-01, UTC).
 */
const backupLocal: CommandAnswer = (command, host) => {
  const w = words(command);
  if (w.length !== 5 || w[0] !== 'sh' || w[1] !== '-c' || w[3] !== 'backup-local') return undefined;
  const file = w[4]!;
  const backup = `${file}.4242.2026-01-01@00:00:00~`;
  const at = host.entryAt(file)?.followed;
  if (host.entryAt(backup)) return { rc: 3 };
  if (!at) return { rc: 1, stderr: `cp: cannot stat '${file}': No such file or directory\n` };
  host.seedPath(backup, { content: host.bytes(file)!, mode: at.mode & 0o7777, uid: at.uid, gid: at.gid });
  return { stdout: backup };
};

export const builtInAnswers: CommandAnswer[] = [ids, units, files, pathInfo, backupLocal];
